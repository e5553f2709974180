package io.snclr.model;

/** Everything needed to rebuild a backbone: architecture and input format. */
public record EncoderSpec(String name, double width, boolean cifarStem, int inChannels, int imageSize) {
    public Encoder create() {
        return Encoders.create(name, width, cifarStem, inChannels);
    }
}
