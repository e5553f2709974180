package io.snclr.augment;

import io.snclr.data.ImageSet;

/** Where the per-channel mean and std that normalise the views come from. */
public enum NormalizationSource {
    /**
     * The data's own statistics (ours, for the CPU recipes): any channel count, no constants typed by hand; every image
     * held in memory, or 2,000 evenly spaced images of a streamed set.
     */
    DATA,
    /** ImageNet's constants, as the official SNCLR and MoCo v3 code normalise whatever the data (RGB only). */
    IMAGENET;

    private static final Normalization IMAGENET_CONSTANTS =
            new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    public Normalization of(ImageSet train) {
        if (this == DATA) return Normalization.of(train);
        if (train.channels() != 3) {
            throw new IllegalArgumentException("--normalization imagenet: ImageNet's constants are for 3 channels, "
                    + "the data has " + train.channels() + " (use --normalization data)");
        }
        return IMAGENET_CONSTANTS;
    }
}
