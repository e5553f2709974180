package io.snclr.model;

/**
 * Everything needed to rebuild a backbone: architecture and input format.
 *
 * @param width ResNet width multiplier (ViTs ignore it)
 * @param cifarStem ResNet 3×3 stride-1 stem without max-pool
 * @param patch ViT patch size
 * @param frozenPatchEmbedding ViT: keep the random patch projection fixed (MoCo v3)
 * @param zeroInitResidual ResNet: zero γ in each block's last BatchNorm
 * @param vitRecipe ViT: position embedding and initialisation (null in encoders saved before it existed: TIMM)
 */
public record EncoderSpec(
        String name,
        double width,
        boolean cifarStem,
        int inChannels,
        int imageSize,
        int patch,
        boolean frozenPatchEmbedding,
        boolean zeroInitResidual,
        VitRecipe vitRecipe) {
    /** A ResNet spec (the ViT fields at their defaults). */
    public EncoderSpec(String name, double width, boolean cifarStem, int inChannels, int imageSize) {
        this(name, width, cifarStem, inChannels, imageSize, 16, false);
    }

    /** The MoCo v3 recipe: zero-initialised residual branches, sin-cos ViT positions. */
    public EncoderSpec(
            String name,
            double width,
            boolean cifarStem,
            int inChannels,
            int imageSize,
            int patch,
            boolean frozenPatchEmbedding) {
        this(name, width, cifarStem, inChannels, imageSize, patch, frozenPatchEmbedding, true, VitRecipe.MOCOV3);
    }

    public Encoder create() {
        return Encoders.create(this);
    }

    /** For messages: "resnet18 x0.5 (CIFAR stem, 3 channels)", "vit-small/16 (3 channels, 224 px)". */
    public String describe() {
        String channels = inChannels + (inChannels == 1 ? " channel" : " channels");
        return name.startsWith("vit-")
                ? name + "/" + patch + " (" + channels + ", " + imageSize + " px)"
                : name + " x" + width + " (" + (cifarStem ? "CIFAR stem, " : "") + channels + ")";
    }
}
