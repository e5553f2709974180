package io.snclr.method.snclr;

import io.snclr.method.MethodOptions;

/**
 * SNCLR's own settings (DESIGN.md §2; defaults = the reference implementation).
 *
 * @param neighbors K, the neighbours per key
 * @param queue L, rows of the candidate queue
 * @param temperature T of the loss
 * @param gamma γ of Eq. 4: the positiveness is softmax(...) / γ
 * @param positivenessTemperature softmax temperature of the positiveness (1 = Eq. 4; below 1 sharpens; not in the
 *                                paper, measured to help at small budgets)
 * @param threshold keep positiveness only where it is above 1/K
 * @param detachPositiveness stop the gradient through the soft targets (the reference code keeps it)
 * @param excludeSelf leave an image's own earlier keys out of its neighbours (they are in the queue when it holds
 *                    more than one epoch of keys)
 * @param loss soft targets (reference code) or Eq. 2 literally
 * @param positiveness soft (Eq. 4) or binary (every neighbour w = 1)
 * @param neighborSide where neighbours act: both, positives only, negatives only (Tab. 7)
 * @param neighborWarmupEpochs epochs trained without neighbours (the queue still fills)
 */
public record SnclrConfig(
        int neighbors,
        int queue,
        double temperature,
        double gamma,
        double positivenessTemperature,
        boolean threshold,
        boolean detachPositiveness,
        boolean excludeSelf,
        LossForm loss,
        Positiveness positiveness,
        NeighborSide neighborSide,
        int neighborWarmupEpochs)
        implements MethodOptions {
    public static final SnclrConfig DEFAULT = new SnclrConfig(
            30, 16384, 0.2, 1.0, 1.0, false, false, true, LossForm.SOFT, Positiveness.SOFT, NeighborSide.BOTH, 1);

    public SnclrConfig {
        if (neighbors < 0) throw new IllegalArgumentException("--neighbors must be >= 0, got " + neighbors);
        if (queue < 1) throw new IllegalArgumentException("--queue must be >= 1, got " + queue);
        if (neighbors > queue) {
            throw new IllegalArgumentException("--neighbors (" + neighbors + ") cannot exceed --queue (" + queue + ")");
        }
        if (!(temperature > 0)) throw new IllegalArgumentException("--temperature must be > 0, got " + temperature);
        if (!(gamma > 0)) throw new IllegalArgumentException("--gamma must be > 0, got " + gamma);
        if (!(positivenessTemperature > 0)) {
            throw new IllegalArgumentException(
                    "--positiveness-temperature must be > 0, got " + positivenessTemperature);
        }
        if (neighborWarmupEpochs < 0) throw new IllegalArgumentException("--neighbor-warmup-epochs must be >= 0");
    }

    public SnclrConfig withNeighbors(int k, int queueLength, int warmupEpochs) {
        return new SnclrConfig(
                k,
                queueLength,
                temperature,
                gamma,
                positivenessTemperature,
                threshold,
                detachPositiveness,
                excludeSelf,
                loss,
                positiveness,
                neighborSide,
                warmupEpochs);
    }

    public SnclrConfig withTemperature(double t) {
        return new SnclrConfig(
                neighbors,
                queue,
                t,
                gamma,
                positivenessTemperature,
                threshold,
                detachPositiveness,
                excludeSelf,
                loss,
                positiveness,
                neighborSide,
                neighborWarmupEpochs);
    }
}
