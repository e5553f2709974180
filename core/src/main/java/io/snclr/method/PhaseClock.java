package io.snclr.method;

import java.util.LinkedHashMap;
import java.util.Map;

/** Accumulates wall time per named phase of a step (CPU ops are synchronous, so laps are exact there). */
public final class PhaseClock {
    private final Map<Phase, Double> seconds = new LinkedHashMap<>();
    private long last = System.nanoTime();

    /** Starts timing from now, discarding what came before. */
    public void reset() {
        last = System.nanoTime();
    }

    /** Charges the time since the previous lap to {@code phase}. */
    public void lap(Phase phase) {
        long now = System.nanoTime();
        seconds.merge(phase, (now - last) / 1e9, Double::sum);
        last = now;
    }

    public Map<Phase, Double> seconds() {
        return seconds;
    }
}
