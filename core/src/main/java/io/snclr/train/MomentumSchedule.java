package io.snclr.train;

/** EMA momentum: fixed at {@code base}, or from {@code base} to 1 by a half-cosine over training (BYOL, MoCo v3 ViT). */
public record MomentumSchedule(double base, long totalSteps, MomentumShape shape) {
    public double at(long step) {
        if (shape == MomentumShape.CONSTANT) return base;
        double t = Math.min(1.0, step / (double) Math.max(1, totalSteps));
        return 1 - (1 - base) * (Math.cos(Math.PI * t) + 1) / 2;
    }
}
