package io.snclr.data;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Images with optional labels, held in memory as uint8 CHW pixels or decoded from their files when a batch needs
 * them ({@link StreamedImages}). Every reader (IDX, ImageFolder, tar shards) produces one, so the loader, samplers and
 * evaluation see a single shape of data.
 */
public final class ImageSet {
    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final Pixels pixels;
    private final int[] labels;
    private final List<String> classNames;
    private final List<String> skipped;

    /**
     * @param pixels N·C·H·W bytes, image-major
     * @param labels class index per image, or -1 where unknown; never null
     * @param classNames names of the classes; empty when the data set has no labels
     */
    public ImageSet(
            String name, int channels, int height, int width, byte[] pixels, int[] labels, List<String> classNames) {
        this(name, channels, height, width, new Pixels.InMemory(pixels, channels * height * width), labels, classNames);
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for " + labels.length
                    + " images of " + channels + "x" + height + "x" + width);
        }
    }

    public ImageSet(
            String name, int channels, int height, int width, Pixels pixels, int[] labels, List<String> classNames) {
        this(name, channels, height, width, pixels, labels, classNames, List.of());
    }

    private ImageSet(
            String name,
            int channels,
            int height,
            int width,
            Pixels pixels,
            int[] labels,
            List<String> classNames,
            List<String> skipped) {
        this.skipped = skipped;
        this.name = name;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
        this.classNames = classNames;
    }

    public String name() {
        return name;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int[] labels() {
        return labels;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** Files of the source left out because they could not be read, each with its reason (empty for IDX data). */
    public List<String> skipped() {
        return skipped;
    }

    /** This set, remembering the files its source left out. */
    public ImageSet withSkipped(List<String> files) {
        return new ImageSet(name, channels, height, width, pixels, labels, classNames, List.copyOf(files));
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

    /**
     * The images whose training views are cut from each image's whole picture (streamed, or held whole in memory), or
     * null when the pixels are stored squares (IDX data): then the views are cut from those.
     */
    public Originals originals() {
        return pixels instanceof Originals o ? o : null;
    }

    /** The decoder behind a streamed set (training crops its original images), or null when the pixels are in memory. */
    public StreamedImages streamed() {
        return pixels instanceof StreamedImages s ? s : null;
    }

    /**
     * An epoch's order of the images: a uniform permutation; for tar shards one that visits the shards in a random
     * order, {@link StreamedImages#SHARD_WINDOW} at a time, shuffling the images within each window (WebDataset's
     * shard shuffle with a shuffle buffer), so reads stay within a few files.
     */
    public int[] epochOrder(SplittableRandom rng) {
        StreamedImages s = streamed();
        return s == null ? Subsets.permutation(size(), rng) : s.epochOrder(rng);
    }

    /** Copies image {@code i} into {@code dst} at {@code offset}. */
    public void copyImage(int i, byte[] dst, int offset) {
        pixels.read(i, dst, offset);
    }

    /** The pixels of the images at {@code indices}, concatenated (B·C·H·W bytes). */
    public byte[] gather(int[] indices) {
        return pixels.gather(indices);
    }

    /**
     * This set's labels expressed in {@code classes} (another split's class names), matched by name, not by position.
     * Images of a class that {@code classes} lacks cannot be scored and are left out; the caller reports them.
     */
    public ImageSet relabelledAs(List<String> classes) {
        int[] map = new int[classNames.size()];
        for (int c = 0; c < map.length; c++) map[c] = classes.indexOf(classNames.get(c));
        int[] keep = IntStream.range(0, size())
                .filter(i -> labels[i] >= 0 && map[labels[i]] >= 0)
                .toArray();
        int[] lb = new int[keep.length];
        for (int j = 0; j < keep.length; j++) lb[j] = map[labels[keep[j]]];
        return new ImageSet(name, channels, height, width, pixels.subset(keep), lb, List.copyOf(classes), skipped);
    }

    /** The images at {@code indices}, in that order. */
    public ImageSet subset(int[] indices) {
        int[] lb = new int[indices.length];
        for (int j = 0; j < indices.length; j++) lb[j] = labels[indices[j]];
        return new ImageSet(name, channels, height, width, pixels.subset(indices), lb, classNames, skipped);
    }
}
