package io.snclr.train;

import io.snclr.rundir.Metric;
import java.util.List;
import java.util.Map;

/**
 * What a (possibly partial) run did: the global steps it ran, the last step's loss (NaN when it ran none), each step's
 * metrics record (loss, timings, ...) when the trainer was asked to keep them ({@link Trainer#keepingStepRecords}),
 * the wall time, and when its representations collapsed (null: they did not).
 */
public record TrainResult(
        long firstStep,
        long endStep,
        double lastLoss,
        List<Map<String, Double>> steps,
        double seconds,
        Collapse collapse) {
    /** Each step's loss; empty unless the trainer kept the step records. */
    public List<Double> losses() {
        return steps.stream().map(r -> r.get(Metric.LOSS)).toList();
    }

    public boolean finished(long totalSteps) {
        return endStep == totalSteps;
    }
}
