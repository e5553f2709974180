package io.snclr.train;

/**
 * Linear warm-up from 0 then half-cosine decay to zero, per step; the base rate is scaled by the linear rule
 * lr = baseLr × batch / 256.
 */
public record LrSchedule(double baseLr, int globalBatch, long warmupSteps, long totalSteps) {

    public double peak() {
        return baseLr * globalBatch / 256.0;
    }

    public double at(long step) {
        if (step < warmupSteps) return peak() * step / (double) warmupSteps; // from 0, as MoCo v3
        long decay = Math.max(1, totalSteps - warmupSteps);
        double t = Math.min(1.0, (step - warmupSteps) / (double) decay);
        return peak() * 0.5 * (1 + Math.cos(Math.PI * t));
    }
}
