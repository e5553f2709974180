package io.snclr.model;

/**
 * A Vision Transformer's shape (timm/DeiT presets) for one input format.
 *
 * @param frozenPatchEmbedding MoCo v3's "stop-grad conv1": the random patch projection is never trained
 * @param recipe position embedding and initialisation (MoCo v3's or timm's)
 */
public record ViTConfig(
        int dim,
        int depth,
        int heads,
        int mlpRatio,
        int patch,
        int imageSize,
        int inChannels,
        boolean frozenPatchEmbedding,
        VitRecipe recipe) {
    public ViTConfig {
        if (patch < 1 || imageSize % patch != 0) {
            throw new IllegalArgumentException("--patch: " + patch + " must divide the image size " + imageSize);
        }
        if (dim % heads != 0)
            throw new IllegalArgumentException("ViT width " + dim + " is not divisible by " + heads + " heads");
    }

    /** vit-tiny (192, 3 heads), vit-small (384, 12 heads), vit-base (768, 12 heads): 12 blocks, MLP ratio 4. */
    public static ViTConfig preset(
            String name, int patch, int imageSize, int inChannels, boolean frozenPatchEmbedding, VitRecipe recipe) {
        return switch (name) {
            case "vit-tiny" -> new ViTConfig(192, 12, 3, 4, patch, imageSize, inChannels, frozenPatchEmbedding, recipe);
            case "vit-small" -> // MoCo v3's and SNCLR's vits.py: 12 heads of 32 (timm's vit_small has 6 of 64)
                new ViTConfig(384, 12, 12, 4, patch, imageSize, inChannels, frozenPatchEmbedding, recipe);
            case "vit-base" ->
                new ViTConfig(768, 12, 12, 4, patch, imageSize, inChannels, frozenPatchEmbedding, recipe);
            default -> throw new IllegalArgumentException("not a ViT preset: " + name);
        };
    }

    public int patches() {
        return (imageSize / patch) * (imageSize / patch);
    }
}
