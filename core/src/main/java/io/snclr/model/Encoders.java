package io.snclr.model;

import java.util.List;

/** Builds a backbone by name: resnet18, resnet34, resnet50, vit-tiny, vit-small, vit-base. */
public final class Encoders {
    public static final List<String> NAMES =
            List.of("resnet18", "resnet34", "resnet50", "vit-tiny", "vit-small", "vit-base");

    private Encoders() {}

    /** Fails with the one-line error for a name that is not one of {@link #NAMES}. */
    public static void requireKnown(String name) {
        if (!NAMES.contains(name)) throw unknown(name);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("--encoder: expected one of " + NAMES + ", got '" + name + "'");
    }

    public static Encoder create(EncoderSpec s) {
        return switch (s.name()) {
            case "resnet18" ->
                new ResNet(new ResNetConfig(18, s.width(), s.cifarStem(), s.inChannels(), s.zeroInitResidual()));
            case "resnet34" ->
                new ResNet(new ResNetConfig(34, s.width(), s.cifarStem(), s.inChannels(), s.zeroInitResidual()));
            case "resnet50" ->
                new ResNet(new ResNetConfig(50, s.width(), s.cifarStem(), s.inChannels(), s.zeroInitResidual()));
            case "vit-tiny", "vit-small", "vit-base" ->
                new VisionTransformer(ViTConfig.preset(
                        s.name(),
                        s.patch(),
                        s.imageSize(),
                        s.inChannels(),
                        s.frozenPatchEmbedding(),
                        s.vitRecipe() == null ? VitRecipe.TIMM : s.vitRecipe()));
            default -> throw unknown(s.name());
        };
    }
}
