package io.snclr.augment;

/**
 * A method's own view recipe by backbone, which the configuration's views follow unless it says otherwise.
 *
 * @param preset the pair of views
 * @param resnetCropMin, vitCropMin the smallest crop area with a ResNet / a ViT (MoCo v3 crops ResNets' views from
 *     0.2, CONFIG.md {@code --crop-min=.2}, and ViTs' from 0.08)
 */
public record ViewRecipe(ViewPreset preset, double resnetCropMin, double vitCropMin) {
    /** The preset's views as they are, with either backbone. */
    public static ViewRecipe of(ViewPreset preset) {
        return new ViewRecipe(
                preset, preset.first().cropScaleMin(), preset.first().cropScaleMin());
    }

    public double cropMin(boolean transformer) {
        return transformer ? vitCropMin : resnetCropMin;
    }
}
