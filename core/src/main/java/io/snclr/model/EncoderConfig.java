package io.snclr.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which backbone to train.
 *
 * @param name resnet18, resnet34, resnet50, vit-tiny, vit-small or vit-base
 * @param width ResNet width multiplier
 * @param cifarStem ResNet: 3×3 stride-1 stem without max-pool
 * @param patch ViT patch size; null = 16, or 4 for images under 64 px
 * @param frozenPatchEmbed ViT: keep the random patch projection fixed (MoCo v3's stop-grad conv1)
 * @param zeroInitResidual ResNet: zero γ in the last BatchNorm of every block (MoCo v3, torchvision's option)
 * @param vitRecipe ViT: MoCo v3's fixed sin-cos positions and xavier init, or timm's learned positions
 * @param initFrom a torch.save state_dict (torchvision/timm names) the backbone starts from; null: random init
 * @param syncBn with several processes: the backbone's BatchNorm statistics over the global batch (the heads' always
 *     are); on by default, as MoCo v3 and SNCLR convert the whole model to SyncBatchNorm
 */
public record EncoderConfig(
        String name,
        double width,
        boolean cifarStem,
        Integer patch,
        boolean frozenPatchEmbed,
        boolean zeroInitResidual,
        VitRecipe vitRecipe,
        String initFrom,
        boolean syncBn) {
    public static final EncoderConfig DEFAULT =
            new EncoderConfig("resnet18", 0.5, true, null, true, true, VitRecipe.MOCOV3, null, true);

    public EncoderConfig {
        Encoders.requireKnown(name);
        if (!(width > 0)) throw new IllegalArgumentException("--width must be > 0, got " + width);
        if (patch != null && patch < 1) throw new IllegalArgumentException("--patch must be >= 1, got " + patch);
        if (vitRecipe == null) throw new IllegalArgumentException("--vit-recipe: expected mocov3 or timm");
        if (initFrom != null && !Files.isRegularFile(Path.of(initFrom))) {
            throw new IllegalArgumentException("--init-from: no such file: " + initFrom);
        }
    }

    /** The state_dict file the backbone starts from, or null. */
    public Path initPath() {
        return initFrom == null ? null : Path.of(initFrom);
    }

    public boolean isVit() {
        return name.startsWith("vit-");
    }

    /** The backbone for images of this format. */
    public EncoderSpec spec(int channels, int height, int width) {
        if (isVit() && height != width) {
            throw new IllegalArgumentException(
                    "--encoder " + name + ": needs square images, got " + height + "x" + width);
        }
        int p = patch != null ? patch : height < 64 ? 4 : 16;
        return new EncoderSpec(
                name, this.width, cifarStem, channels, height, p, frozenPatchEmbed, zeroInitResidual, vitRecipe);
    }

    public String describe() {
        if (isVit())
            return name + (patch != null ? "/" + patch : "") + (frozenPatchEmbed ? " (frozen patch embedding)" : "");
        return name + " x" + width + (cifarStem ? " (CIFAR stem)" : "");
    }
}
