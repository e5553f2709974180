package io.snclr.train;

/**
 * The optimiser and its recipe.
 *
 * @param optimizer adamw (the CPU-sized default), lars (the ResNet-50 recipe) or sgd
 * @param lr learning rate per 256 images; null = the recipe's ({@link #lrPer256})
 * @param weightDecay null = the recipe's ({@link #weightDecayFor})
 * @param batchSize images per step, over all processes
 */
public record OptimConfig(OptimizerKind optimizer, Double lr, Double weightDecay, int batchSize) {
    public static final OptimConfig DEFAULT = new OptimConfig(OptimizerKind.ADAMW, null, null, 256);

    public OptimConfig {
        if (optimizer == null) throw new IllegalArgumentException("--optimizer: expected adamw, lars or sgd");
        if (lr != null && !(lr > 0)) throw new IllegalArgumentException("--lr must be > 0, got " + lr);
        if (weightDecay != null && !(weightDecay >= 0)) {
            throw new IllegalArgumentException("--weight-decay must be >= 0, got " + weightDecay);
        }
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
    }

    /**
     * The recipes (docs/recipes.md): LARS 0.3 (MoCo v3's ResNet-50), AdamW 1.5e-4 for ViTs, and 2e-3 for the CPU-sized
     * AdamW/SGD runs on ResNets.
     */
    public double lrPer256(boolean vit) {
        if (lr != null) return lr;
        if (optimizer == OptimizerKind.LARS) return 0.3;
        return vit ? 1.5e-4 : 2e-3;
    }

    /** LARS 1e-6 (MoCo v3), ViT 0.1, ResNet 1e-4. */
    public double weightDecayFor(boolean vit) {
        if (weightDecay != null) return weightDecay;
        if (optimizer == OptimizerKind.LARS) return 1e-6;
        return vit ? 0.1 : 1e-4;
    }
}
