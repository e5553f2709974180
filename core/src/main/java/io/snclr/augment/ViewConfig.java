package io.snclr.augment;

/**
 * One view's augmentation, resolved (every value set): the recipe a batch of views is drawn from. Probabilities are
 * per image; {@link ViewSettings} is what a configuration file gives, over a {@link ViewPreset}.
 *
 * @param cropScaleMin smallest crop area as a fraction of the image (RandomResizedCrop's scale)
 * @param ratioMin smallest aspect ratio (width / height) of a crop; 3/4 in torchvision
 * @param jitterP probability of the colour jitter; its four parts then run in a random order, as torchvision's
 * @param hue the largest hue shift, a fraction of a turn (in HSV, as torchvision)
 * @param blurSigmaMin smallest Gaussian blur σ in pixels (the kernel covers ±3σ)
 * @param solarizeThreshold pixels at or above it (0..1) are inverted; PIL's default is 128 of 255
 */
public record ViewConfig(
        double cropScaleMin,
        double cropScaleMax,
        double ratioMin,
        double ratioMax,
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
        double solarizeP,
        double solarizeThreshold) {
    static final double RATIO_MIN = 3.0 / 4.0, RATIO_MAX = 4.0 / 3.0;

    public ViewConfig {
        check("crop-min", cropScaleMin, 0, 1, false);
        check("crop-max", cropScaleMax, cropScaleMin, 1, true);
        check("ratio-min", ratioMin, 0, Double.MAX_VALUE, false);
        check("ratio-max", ratioMax, ratioMin, Double.MAX_VALUE, true);
        for (double p : new double[] {flipP, jitterP, grayscaleP, blurP, solarizeP})
            check("a probability", p, 0, 1, true);
        check("brightness", brightness, 0, Double.MAX_VALUE, true);
        check("contrast", contrast, 0, Double.MAX_VALUE, true);
        check("saturation", saturation, 0, Double.MAX_VALUE, true);
        check("hue", hue, 0, 0.5, true);
        check("blur-sigma-min", blurSigmaMin, 0, Double.MAX_VALUE, true);
        check("blur-sigma-max", blurSigmaMax, blurSigmaMin, Double.MAX_VALUE, true);
        check("solarize-threshold", solarizeThreshold, 0, 1, true);
    }

    private static void check(String name, double v, double lo, double hi, boolean closed) {
        boolean ok = closed ? v >= lo && v <= hi : v > lo && v <= hi;
        if (!ok) {
            throw new IllegalArgumentException(
                    "views: " + name + " must be in " + (closed ? "[" : "(") + lo + ", " + hi + "], got " + v);
        }
    }

    /** Random-resized-crop and horizontal flip only: the supervised protocols' training transform. */
    public static ViewConfig cropFlip(double cropScaleMin) {
        return new ViewConfig(cropScaleMin, 1.0, RATIO_MIN, RATIO_MAX, 0.5, 0, 0, 0, 0, 0, 0, 0, 0.1, 2.0, 0, 0.5);
    }

    /** This view with another smallest crop area. */
    public ViewConfig withCropMin(double min) {
        return new ViewConfig(
                min,
                cropScaleMax,
                ratioMin,
                ratioMax,
                flipP,
                jitterP,
                brightness,
                contrast,
                saturation,
                hue,
                grayscaleP,
                blurP,
                blurSigmaMin,
                blurSigmaMax,
                solarizeP,
                solarizeThreshold);
    }
}
