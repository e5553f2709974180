package io.snclr.augment;

/**
 * One view's settings as a configuration file gives them ({@code views: {first: {blur-p: 0.5}}}): any value left
 * out is the preset's. Names as in {@link ViewConfig}.
 */
public record ViewSettings(
        Double cropMin,
        Double cropMax,
        Double ratioMin,
        Double ratioMax,
        Double flipP,
        Double jitterP,
        Double brightness,
        Double contrast,
        Double saturation,
        Double hue,
        Double grayscaleP,
        Double blurP,
        Double blurSigmaMin,
        Double blurSigmaMax,
        Double solarizeP,
        Double solarizeThreshold) {
    /** {@code base} with every value this gives put over it. */
    public ViewConfig over(ViewConfig base) {
        return new ViewConfig(
                or(cropMin, base.cropScaleMin()),
                or(cropMax, base.cropScaleMax()),
                or(ratioMin, base.ratioMin()),
                or(ratioMax, base.ratioMax()),
                or(flipP, base.flipP()),
                or(jitterP, base.jitterP()),
                or(brightness, base.brightness()),
                or(contrast, base.contrast()),
                or(saturation, base.saturation()),
                or(hue, base.hue()),
                or(grayscaleP, base.grayscaleP()),
                or(blurP, base.blurP()),
                or(blurSigmaMin, base.blurSigmaMin()),
                or(blurSigmaMax, base.blurSigmaMax()),
                or(solarizeP, base.solarizeP()),
                or(solarizeThreshold, base.solarizeThreshold()));
    }

    private static double or(Double v, double fallback) {
        return v != null ? v : fallback;
    }
}
