package io.snclr.model;

/** Everything needed to rebuild a backbone: architecture and input format. */
public record EncoderSpec(String name, double width, boolean cifarStem, int inChannels, int imageSize) {
    /** Throws the one-line error for an unknown encoder name. */
    public void validateName() {
        if (!Encoders.NAMES.contains(name)) {
            throw new IllegalArgumentException("--encoder: expected one of " + Encoders.NAMES + ", got '" + name + "'");
        }
    }

    public Encoder create() {
        return Encoders.create(name, width, cifarStem, inChannels);
    }
}
