package io.snclr.model;

/** Builds a backbone by name: resnet18, resnet34, resnet50. */
public final class Encoders {
    public static final java.util.List<String> NAMES = java.util.List.of("resnet18", "resnet34", "resnet50");

    private Encoders() {}

    /** Fails with the one-line error for a name that is not one of {@link #NAMES}. */
    public static void requireKnown(String name) {
        if (!NAMES.contains(name)) throw unknown(name);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("--encoder: expected one of " + NAMES + ", got '" + name + "'");
    }

    public static Encoder create(String name, double width, boolean cifarStem, int inChannels) {
        return switch (name) {
            case "resnet18" -> new ResNet(new ResNetConfig(18, width, cifarStem, inChannels));
            case "resnet34" -> new ResNet(new ResNetConfig(34, width, cifarStem, inChannels));
            case "resnet50" -> new ResNet(new ResNetConfig(50, width, cifarStem, inChannels));
            default -> throw unknown(name);
        };
    }
}
