package io.snclr.method.snclr;

import io.snclr.method.MethodOptions;
import io.snclr.method.MocoV3Recipe;
import io.snclr.method.Positiveness;

/**
 * SNCLR's own settings. The defaults are the official code's (ChongjianGE/SNCLR: start.sh, builder_snclr_factor.py):
 * K = 30, a queue of 128,000, no neighbour warm-up, positiveness as computed there. Own-key exclusion and a
 * positiveness temperature below 1 are this project's options, off by default.
 *
 * @param neighbors K, the neighbours per key
 * @param queue L, rows of the candidate queue
 * @param temperature T of the loss; null = MoCo v3's for the backbone (1.0 ResNet, 0.2 ViT)
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
 * @param queueScope whose keys a process queues with several processes: its own (official) or the global batch's
 */
public record SnclrConfig(
        int neighbors,
        int queue,
        Double temperature,
        double gamma,
        double positivenessTemperature,
        boolean threshold,
        boolean detachPositiveness,
        boolean excludeSelf,
        LossForm loss,
        Positiveness positiveness,
        NeighborSide neighborSide,
        int neighborWarmupEpochs,
        QueueScope queueScope)
        implements MethodOptions {
    public static final SnclrConfig DEFAULT = new SnclrConfig(
            30,
            128_000,
            null,
            1.0,
            1.0,
            false,
            false,
            false,
            LossForm.SOFT,
            Positiveness.SOFT,
            NeighborSide.BOTH,
            0,
            QueueScope.PROCESS);

    public SnclrConfig {
        if (neighbors < 1) {
            throw new IllegalArgumentException("--neighbors must be >= 1, got " + neighbors
                    + " (with no neighbours SNCLR is MoCo v3: --method mocov3)");
        }
        if (queue < 1) throw new IllegalArgumentException("--queue must be >= 1, got " + queue);
        if (neighbors > queue) {
            throw new IllegalArgumentException("--neighbors (" + neighbors + ") cannot exceed --queue (" + queue + ")");
        }
        if (temperature != null && !(temperature > 0 && temperature < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("--temperature must be > 0, got " + temperature);
        }
        if (!(gamma > 0)) throw new IllegalArgumentException("--gamma must be > 0, got " + gamma);
        if (!(positivenessTemperature > 0)) {
            throw new IllegalArgumentException(
                    "--positiveness-temperature must be > 0, got " + positivenessTemperature);
        }
        if (neighborWarmupEpochs < 0) throw new IllegalArgumentException("--neighbor-warmup-epochs must be >= 0");
        if (queueScope == null) throw new IllegalArgumentException("--queue-scope: expected process or global");
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
                warmupEpochs,
                queueScope);
    }

    /** T for this backbone: the one set, or MoCo v3's. */
    public double temperatureFor(boolean transformer) {
        return temperature != null ? temperature : MocoV3Recipe.temperature(transformer);
    }

    @Override
    public SnclrConfig resolvedFor(boolean transformer) {
        return withTemperature(temperatureFor(transformer));
    }

    public SnclrConfig withTemperature(Double t) {
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
                neighborWarmupEpochs,
                queueScope);
    }
}
