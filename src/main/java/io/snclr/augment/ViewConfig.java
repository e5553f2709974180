package io.snclr.augment;

/**
 * One view's augmentation recipe (BYOL / MoCo v3, DESIGN.md §3). Probabilities are per image.
 *
 * @param cropScaleMin smallest crop area as a fraction of the image (0.08 ImageNet, 0.2 grayscale data)
 */
public record ViewConfig(
        double cropScaleMin,
        double cropScaleMax,
        double flipP,
        double jitterP,
        double brightness,
        double contrast,
        double saturation,
        double hue,
        double grayscaleP,
        double blurP,
        double blurSigmaMin,
        double blurSigmaMax,
        double solarizeP) {

    /** Smallest crop area by default: BYOL's 0.08 for colour images, a milder 0.2 for grayscale (DESIGN.md §3). */
    public static double defaultCropMin(int channels) {
        return channels == 1 ? 0.2 : 0.08;
    }

    /** Random-resized-crop and horizontal flip only: the supervised protocols' training transform. */
    public static ViewConfig cropFlip(double cropScaleMin) {
        return new ViewConfig(cropScaleMin, 1.0, 0.5, 0, 0, 0, 0, 0, 0, 0, 0.1, 2.0, 0);
    }

    /** The first view: always blurred, never solarized. */
    public static ViewConfig byolFirst(double cropScaleMin) {
        return new ViewConfig(cropScaleMin, 1.0, 0.5, 0.8, 0.4, 0.4, 0.2, 0.1, 0.2, 1.0, 0.1, 2.0, 0.0);
    }

    /** The second view: rarely blurred, sometimes solarized. */
    public static ViewConfig byolSecond(double cropScaleMin) {
        return new ViewConfig(cropScaleMin, 1.0, 0.5, 0.8, 0.4, 0.4, 0.2, 0.1, 0.2, 0.1, 0.1, 2.0, 0.2);
    }
}
