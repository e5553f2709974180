package io.snclr.data;

import java.nio.file.Path;

/**
 * Where the images come from: Fashion-MNIST (IDX files) or an ImageFolder tree, with optional class-balanced
 * limits on the training and test splits, and how they are held. {@link DataSplits} loads what it describes.
 *
 * @param source "fashion-mnist" or the path of an ImageFolder root
 * @param fashionMnistDir directory of the IDX files
 * @param testSource ImageFolder root of the test split (ImageFolder only; null = none)
 * @param imageSize side of ImageFolder images after centre-crop and resize
 * @param channels 1 or 3 for ImageFolder images
 * @param limit training images to keep, class-balanced (0 = all)
 * @param testLimit test images to keep, class-balanced (0 = all)
 * @param holdout training images set aside (class-balanced, the same for every seed) and evaluated on instead of the
 *     test split, to choose settings without looking at the test set (0 = off)
 * @param load how ImageFolder / tar images are held: "memory" (decoded once and held whole, the shorter side brought
 *     down to what the evaluation crop needs), "stream" (decoded per batch), "auto" (memory when it fits the budget);
 *     either way training crops each image's whole picture
 * @param centerCrop the evaluation view's share of the shorter side; null = {@link #centerCropFor()}
 * @param memoryBudgetMb what "auto" may spend on decoded images (0 = a quarter of the JVM's maximum heap)
 * @param workers image-decoding threads (0 = the machine's cores)
 * @param maxBadFraction the run stops when more than this fraction of the images cannot be read or decoded
 */
public record DataConfig(
        String source,
        Path fashionMnistDir,
        Path testSource,
        int imageSize,
        int channels,
        int limit,
        int testLimit,
        int holdout,
        LoadMode load,
        int memoryBudgetMb,
        int workers,
        double maxBadFraction,
        Double centerCrop) {
    public static final String FASHION_MNIST = "fashion-mnist";
    /** The source of a recipe for data the user brings (ImageNet): every run of it must name its images. */
    public static final String REQUIRED = "required";

    public static final DataConfig DEFAULT = new DataConfig(
            FASHION_MNIST, FashionMnist.DEFAULT_DIR, null, 32, 3, 0, 0, 0, LoadMode.AUTO, 0, 0, 0.05, null);

    public DataConfig {
        if (source == null || source.isBlank())
            throw new IllegalArgumentException("--data: expected fashion-mnist or a folder");
        if (imageSize < 8) throw new IllegalArgumentException("--image-size must be >= 8, got " + imageSize);
        if (channels != 1 && channels != 3)
            throw new IllegalArgumentException("--channels must be 1 or 3, got " + channels);
        if (limit < 0 || testLimit < 0) throw new IllegalArgumentException("--limit/--test-limit must be >= 0");
        if (holdout < 0) throw new IllegalArgumentException("--holdout must be >= 0, got " + holdout);
        if (load == null) load = LoadMode.AUTO;

        if (memoryBudgetMb < 0)
            throw new IllegalArgumentException("--memory-budget-mb must be >= 0, got " + memoryBudgetMb);
        if (workers < 0) throw new IllegalArgumentException("--workers must be >= 0, got " + workers);
        if (!(maxBadFraction >= 0 && maxBadFraction <= 1)) {
            throw new IllegalArgumentException("--max-bad-fraction must be in [0, 1], got " + maxBadFraction);
        }
        if (centerCrop != null && !(centerCrop > 0 && centerCrop <= 1)) {
            throw new IllegalArgumentException("--center-crop must be in (0, 1], got " + centerCrop);
        }
    }

    /**
     * The evaluation view's share of an image's shorter side: the one set, or torchvision's Resize(256) +
     * CenterCrop(224) (0.875) for images of 64 px and more, and the whole image for smaller ones (as solo-learn's
     * CIFAR recipes).
     */
    public double centerCropFor() {
        return centerCrop != null ? centerCrop : imageSize >= 64 ? 224.0 / 256.0 : 1.0;
    }

    /** The shorter side an image held in memory keeps: what the evaluation view's centre crop needs. */
    int heldSide() {
        return (int) Math.ceil(imageSize / centerCropFor());
    }

    /** The images of {@code source} ("fashion-mnist" or a folder), with {@code test} as the test split (or null). */
    public DataConfig withSource(String source, Path test) {
        return new DataConfig(
                source,
                fashionMnistDir,
                test,
                imageSize,
                channels,
                limit,
                testLimit,
                holdout,
                load,
                memoryBudgetMb,
                workers,
                maxBadFraction,
                centerCrop);
    }

    /** Images of {@code size} pixels and {@code channels} channels, evaluated on {@code centerCrop} (null: recipe). */
    public DataConfig withImages(int size, int channels, Double centerCrop) {
        return new DataConfig(
                source,
                fashionMnistDir,
                testSource,
                size,
                channels,
                limit,
                testLimit,
                holdout,
                load,
                memoryBudgetMb,
                workers,
                maxBadFraction,
                centerCrop);
    }

    /** Class-balanced limits of the splits (0: all) and the training images held out in place of the test split. */
    public DataConfig withLimits(int limit, int testLimit, int holdout) {
        return new DataConfig(
                source,
                fashionMnistDir,
                testSource,
                imageSize,
                channels,
                limit,
                testLimit,
                holdout,
                load,
                memoryBudgetMb,
                workers,
                maxBadFraction,
                centerCrop);
    }

    /** How images are held and decoded, and how many may fail. */
    public DataConfig withLoading(LoadMode load, int workers, double maxBadFraction) {
        return new DataConfig(
                source,
                fashionMnistDir,
                testSource,
                imageSize,
                channels,
                limit,
                testLimit,
                holdout,
                load,
                memoryBudgetMb,
                workers,
                maxBadFraction,
                centerCrop);
    }

    /** The decoding threads actually used. */
    public int workerCount() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    public boolean isFashionMnist() {
        return FASHION_MNIST.equals(source);
    }
}
