package io.snclr.train;

import io.snclr.rundir.Metric;
import java.util.List;
import java.util.Map;

/**
 * What a (possibly partial) run did: the global steps it ran, each step's metrics record (loss, timings, ...),
 * the wall time, and when its representations collapsed (null: they did not).
 */
public record TrainResult(
        long firstStep, long endStep, List<Map<String, Double>> steps, double seconds, Collapse collapse) {
    public List<Double> losses() {
        return steps.stream().map(r -> r.get(Metric.LOSS)).toList();
    }

    public double lastLoss() {
        return steps.isEmpty() ? Double.NaN : steps.get(steps.size() - 1).get(Metric.LOSS);
    }

    public boolean finished(long totalSteps) {
        return endStep == totalSteps;
    }
}
