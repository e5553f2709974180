package io.snclr.model;

/**
 * @param depth 18, 34 or 50
 * @param width multiplier of the stage widths 64·w, 128·w, 256·w, 512·w (1.0 = torchvision)
 * @param cifarStem 3×3 stride-1 first convolution and no max-pool, for 28–64 px images
 * @param inChannels 3 for RGB, 1 for grayscale data
 */
public record ResNetConfig(int depth, double width, boolean cifarStem, int inChannels) {
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
