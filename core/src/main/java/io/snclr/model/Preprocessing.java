package io.snclr.model;

/**
 * How a run prepares an image for its encoder at evaluation: the centre square of {@code centerCrop} × the shorter side,
 * resized to the encoder's image size, then each channel normalised with {@code mean} and {@code std} (of pixels in
 * [0, 1]).
 */
public record Preprocessing(float[] mean, float[] std, double centerCrop) {
    /**
     * The same steps in torchvision's transforms, for {@code spec}'s image size and channels; without the last step
     * when {@code normalize} is false (a graph that normalises itself).
     */
    public String torchvision(EncoderSpec spec, boolean normalize) {
        int s = spec.imageSize();
        long resize = Math.round(s / centerCrop);
        return "prep = transforms.Compose([transforms.Resize(" + resize + "), transforms.CenterCrop(" + s + "), "
                + (spec.inChannels() == 1 ? "transforms.Grayscale(), " : "") + "transforms.ToTensor()"
                + (normalize ? ", transforms.Normalize(" + list(mean) + ", " + list(std) + ")" : "") + "])";
    }

    private static String list(float[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) b.append(i > 0 ? ", " : "").append(v[i]);
        return b.append(']').toString();
    }
}
