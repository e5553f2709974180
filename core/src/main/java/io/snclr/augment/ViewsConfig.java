package io.snclr.augment;

import io.snclr.data.ImageSet;
import io.snclr.engine.Device;

/**
 * The pre-training views: a preset pair (the method's own by default), with the smallest crop area and any value of
 * either view changed.
 *
 * @param preset null = the method's recipe ({@link ViewRecipe})
 * @param cropMin smallest crop area of both views; null = the method's recipe for the backbone
 * @param first, second values over the preset's first / second view (null: none)
 * @param normalization the mean and std the views are normalised with: the data's (null, the default) or ImageNet's
 */
public record ViewsConfig(
        ViewPreset preset, Double cropMin, ViewSettings first, ViewSettings second, NormalizationSource normalization) {
    public static final ViewsConfig DEFAULT = new ViewsConfig(null, null, null, null, NormalizationSource.DATA);

    public ViewsConfig {
        if (cropMin != null && !(cropMin > 0 && cropMin <= 1)) {
            throw new IllegalArgumentException("--crop-min must be in (0, 1], got " + cropMin);
        }
        ViewConfig probe = (preset != null ? preset : ViewPreset.BYOL).first();
        if (first != null) first.over(probe); // validated now: a bad value is one line at start-up
        if (second != null) second.over(probe);
    }

    /** The two views for a method's recipe and backbone. */
    public ViewConfig[] resolve(ViewRecipe recipe, boolean transformer) {
        ViewPreset p = preset != null ? preset : recipe.preset();
        double crop =
                cropMin != null ? cropMin : preset != null ? p.first().cropScaleMin() : recipe.cropMin(transformer);
        ViewConfig a = p.first().withCropMin(crop), b = p.second().withCropMin(crop);
        return new ViewConfig[] {first != null ? first.over(a) : a, second != null ? second.over(b) : b};
    }

    /** The two training views of {@code train}'s images, normalised as {@link #normalization} says. */
    public BatchAugmenter augmenter(ImageSet train, long seed, Device device, ViewRecipe recipe, boolean transformer) {
        ViewConfig[] v = resolve(recipe, transformer);
        NormalizationSource source = normalization != null ? normalization : NormalizationSource.DATA;
        return new BatchAugmenter(v[0], v[1], source.of(train), seed, device);
    }
}
