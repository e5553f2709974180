package io.snclr.train;

/**
 * The optimisation recipe and run bookkeeping.
 *
 * @param batchSize images per process per step
 * @param baseLr learning rate per 256 images (scaled by the global batch)
 * @param maxSteps stop (with a checkpoint) after this many global steps; 0 = run all epochs
 * @param checkpointEvery epochs between checkpoints (a checkpoint is always written at the end)
 * @param logEvery steps between terminal log lines when no progress bar is shown
 */
public record TrainConfig(int epochs, int batchSize, String optimizer, double baseLr, double weightDecay,
                          double warmupEpochs, double momentumBase, long maxSteps, int checkpointEvery,
                          int logEvery, long seed, boolean progressBar, int prefetchDepth) {
    public TrainConfig {
        // 0 epochs: no training, the initialised network is saved and evaluated (the "untrained" reference)
        if (epochs < 0) throw new IllegalArgumentException("--epochs must be >= 0, got " + epochs);
        if (!(baseLr > 0)) throw new IllegalArgumentException("--lr must be > 0, got " + baseLr);
        if (weightDecay < 0) throw new IllegalArgumentException("--weight-decay must be >= 0, got " + weightDecay);
        if (warmupEpochs < 0) throw new IllegalArgumentException("--warmup-epochs must be >= 0, got " + warmupEpochs);
        if (!(momentumBase >= 0 && momentumBase <= 1)) {
            throw new IllegalArgumentException("--momentum must be in [0, 1], got " + momentumBase);
        }
        if (checkpointEvery < 1) throw new IllegalArgumentException("--checkpoint-every must be >= 1");
    }
}
