package io.snclr.method;

/**
 * The MoCo v3 heads: projector hidden width, output dimension D, predictor hidden width, and their depth.
 *
 * @param projectorLayers null = MoCo v3's recipe: 2 for ResNets, 3 for ViTs
 * @param predictorLastBn null = MoCo v3's recipe: no BatchNorm after the predictor's last layer for ResNets, one for
 *                        ViTs
 * @param projectorLastBn null = MoCo v3's recipe: a BatchNorm (without affine parameters) after the projector's last
 *                        layer; false = BYOL's heads (Linear-BN-ReLU-Linear), as the SNCLR paper describes for ResNets
 */
public record HeadConfig(
        long projectorHidden,
        long dim,
        long predictorHidden,
        Integer projectorLayers,
        Boolean predictorLastBn,
        Boolean projectorLastBn) {
    /** CPU-sized MoCo v3 heads (the papers use 4096 hidden units). */
    public static final HeadConfig DEFAULT = new HeadConfig(1024, 256, 1024, null, null, null);

    public HeadConfig {
        if (projectorHidden < 1 || dim < 1 || predictorHidden < 1) {
            throw new IllegalArgumentException("head sizes must be positive");
        }
        if (projectorLayers != null && projectorLayers < 1) {
            throw new IllegalArgumentException("--projector-layers must be >= 1, got " + projectorLayers);
        }
    }

    /** Sizes only; depth by the recipe. */
    public HeadConfig(long projectorHidden, long dim, long predictorHidden) {
        this(projectorHidden, dim, predictorHidden, null, null, null);
    }

    public int projectorLayersFor(boolean transformer) {
        return projectorLayers != null ? projectorLayers : transformer ? 3 : 2;
    }

    public boolean predictorLastBnFor(boolean transformer) {
        return predictorLastBn != null ? predictorLastBn : transformer;
    }

    public boolean projectorLastBnOrRecipe() {
        return projectorLastBn == null || projectorLastBn;
    }
}
