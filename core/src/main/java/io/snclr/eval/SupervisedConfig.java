package io.snclr.eval;

/**
 * A supervised run on top of a pre-trained backbone: SGD with momentum 0.9 and a cosine learning rate.
 *
 * @param lr learning rate per 256 images: the peak is lr × batch / 256, as MoCo v3's main_lincls.py
 */
public record SupervisedConfig(int epochs, int batchSize, double lr, double weightDecay, long seed) {
    public SupervisedConfig {
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        if (!(lr > 0)) throw new IllegalArgumentException("--lr must be > 0, got " + lr);
    }
}
