package io.snclr.method;

/** Sizes of the MoCo v3 heads: projector hidden width, output dimension D, predictor hidden width. */
public record HeadConfig(long projectorHidden, long dim, long predictorHidden) {
    /** CPU-sized MoCo v3 heads (the papers use 4096 hidden units). */
    public static final HeadConfig DEFAULT = new HeadConfig(1024, 256, 1024);

    public HeadConfig {
        if (projectorHidden < 1 || dim < 1 || predictorHidden < 1) {
            throw new IllegalArgumentException("head sizes must be positive");
        }
    }
}
