package io.snclr.method.snclr;

/**
 * SNCLR's own settings (DESIGN.md §2).
 *
 * @param neighbors K, the neighbours per key (0 = MoCo v3)
 * @param queueLength L, rows of the candidate queue
 * @param temperature T of the loss
 * @param gamma γ of Eq. 4
 * @param threshold zero positiveness below 1/K
 * @param neighborWarmupEpochs epochs trained without neighbours (the queue still fills)
 */
public record SnclrConfig(int neighbors, int queueLength, double temperature, double gamma, boolean threshold,
                          LossForm form, Positiveness positiveness, NeighborSide side, int neighborWarmupEpochs) {
    public SnclrConfig {
        if (neighbors < 0) throw new IllegalArgumentException("--neighbors must be >= 0, got " + neighbors);
        if (queueLength < 1) throw new IllegalArgumentException("--queue must be >= 1, got " + queueLength);
        if (neighbors > queueLength) {
            throw new IllegalArgumentException("--neighbors (" + neighbors + ") cannot exceed --queue (" + queueLength + ")");
        }
        if (neighborWarmupEpochs < 0) throw new IllegalArgumentException("--neighbor-warmup-epochs must be >= 0");
    }
}
