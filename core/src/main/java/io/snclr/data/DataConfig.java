package io.snclr.data;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the images come from: Fashion-MNIST (IDX files) or an ImageFolder tree, with optional class-balanced
 * limits on the training and test splits.
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
    private static final Logger LOG = LoggerFactory.getLogger(DataConfig.class);
    public static final String FASHION_MNIST = "fashion-mnist";
    /** The source of a recipe for data the user brings (ImageNet): every run of it must name its images. */
    public static final String REQUIRED = "required";

    public static final DataConfig DEFAULT = new DataConfig(
            FASHION_MNIST, FashionMnist.DEFAULT_DIR, null, 32, 3, 0, 0, 0, LoadMode.AUTO, 0, 0, 0.05, null);

    /** The held-out images do not depend on the run's seed, so that every seed is scored on the same ones. */
    private static final long HOLDOUT_SEED = 0x5EEDL;

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

    /** Old call sites and tests: the data pipeline's settings at their defaults. */
    public DataConfig(
            String source,
            Path fashionMnistDir,
            Path testSource,
            int imageSize,
            int channels,
            int limit,
            int testLimit,
            int holdout) {
        this(
                source,
                fashionMnistDir,
                testSource,
                imageSize,
                channels,
                limit,
                testLimit,
                holdout,
                LoadMode.AUTO,
                0,
                0,
                0.05,
                null);
    }

    /** The decoding threads actually used. */
    public int workerCount() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    public boolean isFashionMnist() {
        return FASHION_MNIST.equals(source);
    }

    /** The training split; {@code seed} picks the class-balanced subset under {@code limit}. */
    public ImageSet train(long seed) {
        ImageSet full = fullTrain();
        if (holdout > 0) full = full.subset(complement(heldOut(full), full.size()));
        return limited(full, limit, seed);
    }

    private ImageSet fullTrain() {
        if (REQUIRED.equals(source)) {
            throw new IllegalArgumentException("--data: this recipe trains on your images; give --data DIR (an "
                    + "ImageFolder tree or .tar shards) and --test-data DIR");
        }
        return isFashionMnist()
                ? FashionMnist.load(fashionMnistDir, FashionMnist.Split.TRAIN)
                : folder(Path.of(source));
    }

    private int[] heldOut(ImageSet full) {
        if (!full.hasLabels()) throw new IllegalArgumentException("--holdout: needs labelled training images");
        if (holdout >= full.size()) {
            throw new IllegalArgumentException(
                    "--holdout " + holdout + ": the training split has only " + full.size() + " images");
        }
        return Subsets.classBalanced(full.labels(), full.numClasses(), holdout, HOLDOUT_SEED);
    }

    private static int[] complement(int[] taken, int size) {
        boolean[] out = new boolean[size];
        for (int i : taken) out[i] = true;
        return IntStream.range(0, size).filter(i -> !out[i]).toArray();
    }

    /**
     * The test split with its labels in the training split's classes (matched by folder name), or null when there is
     * none (an ImageFolder without --test-data). Classes missing from either split are reported; test images of a
     * class the training split lacks are left out, as they cannot be scored.
     */
    public ImageSet test(long seed, ImageSet train) {
        if (holdout > 0) { // the held-out training images stand in for the test split
            ImageSet all = fullTrain();
            return all.subset(heldOut(all));
        }
        ImageSet full;
        if (isFashionMnist()) full = FashionMnist.load(fashionMnistDir, FashionMnist.Split.TEST);
        else if (testSource != null) full = matched(folder(testSource), train);
        else return null;
        return limited(full, testLimit, seed);
    }

    private ImageSet matched(ImageSet test, ImageSet train) {
        if (!test.hasLabels() || !train.hasLabels()) {
            throw new DataFormatException("--test-data " + testSource + ": both splits need class sub-folders to be "
                    + "scored (" + (test.hasLabels() ? "--data " + source : "--test-data") + " has none)");
        }
        List<String> onlyTest = test.classNames().stream()
                .filter(c -> !train.classNames().contains(c))
                .toList();
        List<String> onlyTrain = train.classNames().stream()
                .filter(c -> !test.classNames().contains(c))
                .toList();
        ImageSet scored = test.relabelledAs(train.classNames());
        if (scored.size() == 0) {
            throw new DataFormatException("--test-data " + testSource + ": none of its classes " + test.classNames()
                    + " is a class of the training data " + train.classNames());
        }
        if (!onlyTest.isEmpty()) {
            LOG.warn(
                    "{}: {} test image(s) of classes the training data lacks ({}) are left out",
                    testSource,
                    test.size() - scored.size(),
                    onlyTest);
        }
        if (!onlyTrain.isEmpty()) LOG.warn("{}: no test images of the training classes {}", testSource, onlyTrain);
        return scored;
    }

    /**
     * An ImageFolder tree or tar shards: indexed (cached), then decoded into memory when that fits the budget, else
     * streamed. Too many unreadable files stop the run here, before any training.
     */
    private ImageSet folder(Path root) {
        FileIndex index = FileIndex.open(root, workerCount());
        int total = index.size() + index.skipped().size();
        if (index.skipped().size() > maxBadFraction * total || index.size() == 0) {
            throw new DataFormatException(root + ": " + index.skipped().size() + " of " + total
                    + " files are not usable "
                    + "images, more than --max-bad-fraction " + maxBadFraction + " allows (first: "
                    + (index.skipped().isEmpty() ? "none" : index.skipped().get(0)) + ")");
        }
        long decoded = 0;
        for (int i = 0; i < index.size(); i++) {
            ImageHeader h = index.header(i);
            decoded += HeldImages.bytesHeld(h.width(), h.height(), heldSide(), channels)
                    + (long) channels * imageSize * imageSize;
        }
        long budget = memoryBudgetMb > 0
                ? memoryBudgetMb * (1L << 20)
                : Runtime.getRuntime().maxMemory() / 4;
        boolean inMemory = load == LoadMode.MEMORY || (load == LoadMode.AUTO && decoded <= budget);
        if (inMemory) {
            ImageFolder.Result r =
                    ImageFolder.load(index, imageSize, channels, workerCount(), heldSide(), centerCropFor());
            int late = r.skipped().size() - index.skipped().size();
            if (late > maxBadFraction * total) {
                throw new DataFormatException(root + ": " + late + " images could not be decoded, more than "
                        + "--max-bad-fraction " + maxBadFraction + " allows (first: "
                        + r.skipped().get(index.skipped().size()) + ")");
            }
            return r.images().withSkipped(r.skipped());
        }
        if (!index.skipped().isEmpty()) { // the in-memory path reports them with its own decode failures
            LOG.warn(
                    "{}: {} of {} files are not usable images and are left out: {}",
                    root,
                    index.skipped().size(),
                    total,
                    index.skipped().size() <= 5
                            ? index.skipped()
                            : List.copyOf(index.skipped().subList(0, 5)) + " ...");
        }
        LOG.info(
                "{}: streaming {} images ({})",
                root,
                index.size(),
                load == LoadMode.STREAM
                        ? "--load stream"
                        : (decoded >> 20) + " MB decoded would exceed the " + (budget >> 20)
                                + " MB of --memory-budget-mb");
        StreamedImages pixels =
                new StreamedImages(index, imageSize, channels, workerCount(), maxBadFraction, centerCropFor());
        return new ImageSet(
                        ImageFolder.nameOf(root),
                        channels,
                        imageSize,
                        imageSize,
                        pixels,
                        index.labels(),
                        index.classNames())
                .withSkipped(index.skipped());
    }

    private static ImageSet limited(ImageSet set, int n, long seed) {
        if (n <= 0 || n >= set.size()) return set;
        return set.subset(Subsets.classBalanced(set.labels(), set.numClasses(), n, seed));
    }
}
