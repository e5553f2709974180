package io.snclr.data;

import java.util.List;

/**
 * Images held in memory as uint8 CHW pixels, with optional labels. Every reader (IDX, ImageFolder) produces one,
 * so the loader, samplers and evaluation see a single shape of data.
 *
 * @param pixels N·C·H·W bytes, image-major
 * @param labels class index per image, or -1 where unknown; never null
 * @param classNames names of the classes; empty when the data set has no labels
 */
public record ImageSet(String name, int channels, int height, int width, byte[] pixels, int[] labels,
                       List<String> classNames) {

    public ImageSet {
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for " + labels.length
                    + " images of " + channels + "x" + height + "x" + width);
        }
    }

    public int size() {
        return labels.length;
    }

    public int imageBytes() {
        return channels * height * width;
    }

    public boolean hasLabels() {
        return !classNames.isEmpty();
    }

    public int numClasses() {
        return classNames.size();
    }

    /** Copies image {@code i} into {@code dst} at {@code offset}. */
    public void copyImage(int i, byte[] dst, int offset) {
        System.arraycopy(pixels, i * imageBytes(), dst, offset, imageBytes());
    }

    /** The pixels of the images at {@code indices}, concatenated (B·C·H·W bytes). */
    public byte[] gather(int[] indices) {
        byte[] px = new byte[indices.length * imageBytes()];
        for (int j = 0; j < indices.length; j++) copyImage(indices[j], px, j * imageBytes());
        return px;
    }

    /**
     * This set's labels expressed in {@code classes} (another split's class names), matched by name, not by position.
     * Images of a class that {@code classes} lacks cannot be scored and are left out; the caller reports them.
     */
    public ImageSet relabelledAs(List<String> classes) {
        int[] map = new int[classNames.size()];
        for (int c = 0; c < map.length; c++) map[c] = classes.indexOf(classNames.get(c));
        int[] keep = java.util.stream.IntStream.range(0, size()).filter(i -> labels[i] >= 0 && map[labels[i]] >= 0).toArray();
        ImageSet kept = subset(keep);
        int[] lb = new int[keep.length];
        for (int j = 0; j < keep.length; j++) lb[j] = map[kept.labels[j]];
        return new ImageSet(name, channels, height, width, kept.pixels, lb, List.copyOf(classes));
    }

    /** The images at {@code indices}, in that order. */
    public ImageSet subset(int[] indices) {
        int n = imageBytes();
        byte[] px = new byte[indices.length * n];
        int[] lb = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            copyImage(indices[j], px, j * n);
            lb[j] = labels[indices[j]];
        }
        return new ImageSet(name, channels, height, width, px, lb, classNames);
    }
}
