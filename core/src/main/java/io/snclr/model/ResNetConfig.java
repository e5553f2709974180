package io.snclr.model;

/**
 * @param depth 18, 34 or 50
 * @param width multiplier of the stage widths 64·w, 128·w, 256·w, 512·w (1.0 = torchvision)
 * @param cifarStem 3×3 stride-1 first convolution and no max-pool, for 28–64 px images
 * @param inChannels 3 for RGB, 1 for grayscale data
 * @param zeroInitResidual γ = 0 in the last BatchNorm of every block, so each block starts as the identity
 */
public record ResNetConfig(int depth, double width, boolean cifarStem, int inChannels, boolean zeroInitResidual) {
    /** torchvision's layout with zero-initialised residual branches (MoCo v3 / torchvision zero_init_residual). */
    public ResNetConfig(int depth, double width, boolean cifarStem, int inChannels) {
        this(depth, width, cifarStem, inChannels, true);
    }

    public ResNetConfig {
        if (depth != 18 && depth != 34 && depth != 50) {
            throw new IllegalArgumentException("ResNet depth must be 18, 34 or 50, got " + depth);
        }
        if (!(width > 0)) throw new IllegalArgumentException("ResNet width multiplier must be > 0, got " + width);
    }

    int[] blocks() {
        return depth == 18 ? new int[] {2, 2, 2, 2} : new int[] {3, 4, 6, 3};
    }

    boolean bottleneck() {
        return depth == 50;
    }

    long stageWidth(int stage) {
        return Math.max(4, Math.round(64 * width * (1L << stage)));
    }
}
