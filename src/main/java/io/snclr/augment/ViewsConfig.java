package io.snclr.augment;

import io.snclr.data.ImageSet;
import io.snclr.engine.Device;

/**
 * The pre-training views (BYOL / MoCo v3's asymmetric pair, DESIGN.md §3).
 *
 * @param cropMin smallest crop area; null = {@link ViewConfig#defaultCropMin} (0.2 grayscale, 0.08 colour)
 */
public record ViewsConfig(Double cropMin) {
    public static final ViewsConfig DEFAULT = new ViewsConfig(null);

    public ViewsConfig {
        if (cropMin != null && !(cropMin > 0 && cropMin <= 1)) {
            throw new IllegalArgumentException("--crop-min must be in (0, 1], got " + cropMin);
        }
    }

    public double cropMinFor(int channels) {
        return cropMin != null ? cropMin : ViewConfig.defaultCropMin(channels);
    }

    /** The two training views of {@code train}'s images, normalised by its per-channel statistics. */
    public BatchAugmenter augmenter(ImageSet train, long seed, Device device) {
        double crop = cropMinFor(train.channels());
        return new BatchAugmenter(
                ViewConfig.byolFirst(crop), ViewConfig.byolSecond(crop), Normalization.of(train), seed, device);
    }
}
