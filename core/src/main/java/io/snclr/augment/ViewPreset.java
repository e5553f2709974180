package io.snclr.augment;

/** Named pairs of view recipes: the published ones, and a small-image one. */
public enum ViewPreset {
    /**
     * BYOL's asymmetric views, as MoCo v3, SNCLR and NNCLR use them: crop 0.08–1, colour jitter (0.4, 0.4, 0.2, 0.1)
     * p 0.8, grayscale p 0.2, Gaussian blur σ 0.1–2 with p 1.0 / 0.1, solarize p 0 / 0.2, flip p 0.5 (moco-v3
     * main_moco.py, augmentation1/augmentation2).
     */
    BYOL(view(0.4, 0.4, 0.2, 0.1, 1.0, 0.0), view(0.4, 0.4, 0.2, 0.1, 0.1, 0.2)),
    /**
     * SimCLR's symmetric views: crop 0.08–1, colour jitter of strength 1 (0.8, 0.8, 0.8, 0.2) p 0.8, grayscale p 0.2,
     * Gaussian blur p 0.5, flip (google-research/simclr data_util.py, color_jitter_strength = 1.0).
     */
    SIMCLR(view(0.8, 0.8, 0.8, 0.2, 0.5, 0.0), view(0.8, 0.8, 0.8, 0.2, 0.5, 0.0)),
    /**
     * BYOL's views for small images without the blur, as solo-learn's CIFAR recipes
     * (scripts/pretrain/cifar/augmentations/asymmetric.yaml: gaussian_blur prob 0.0, solarization 0.0 / 0.2).
     */
    SMALL(view(0.4, 0.4, 0.2, 0.1, 0.0, 0.0), view(0.4, 0.4, 0.2, 0.1, 0.0, 0.2));

    private final ViewConfig first;
    private final ViewConfig second;

    ViewPreset(ViewConfig first, ViewConfig second) {
        this.first = first;
        this.second = second;
    }

    public ViewConfig first() {
        return first;
    }

    public ViewConfig second() {
        return second;
    }

    private static ViewConfig view(double b, double c, double s, double h, double blurP, double solarizeP) {
        return new ViewConfig(
                0.08,
                1.0,
                ViewConfig.RATIO_MIN,
                ViewConfig.RATIO_MAX,
                0.5,
                0.8,
                b,
                c,
                s,
                h,
                0.2,
                blurP,
                0.1,
                2.0,
                solarizeP,
                0.5);
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
