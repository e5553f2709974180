package io.snclr.data;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training and test splits a {@link DataConfig} describes, loaded: Fashion-MNIST's files, or an ImageFolder tree
 * or tar shards indexed, then held in memory when that fits the budget or else streamed; limits and the held-out
 * split applied.
 */
public final class DataSplits {
    private static final Logger LOG = LoggerFactory.getLogger(DataSplits.class);
    /** The held-out images do not depend on the run's seed, so that every seed is scored on the same ones. */
    private static final long HOLDOUT_SEED = 0x5EEDL;

    private final DataConfig c;

    public DataSplits(DataConfig config) {
        this.c = config;
    }

    /** The training split; {@code seed} picks the class-balanced subset under {@code c.limit()}. */
    public ImageSet train(long seed) {
        ImageSet full = fullTrain();
        if (c.holdout() > 0) full = full.subset(complement(heldOut(full), full.size()));
        return limited(full, c.limit(), seed);
    }

    private ImageSet fullTrain() {
        if (DataConfig.REQUIRED.equals(c.source())) {
            throw new IllegalArgumentException("--data: this recipe trains on your images; give --data DIR (an "
                    + "ImageFolder tree or .tar shards) and --test-data DIR");
        }
        return c.isFashionMnist()
                ? FashionMnist.load(c.fashionMnistDir(), FashionMnist.Split.TRAIN)
                : folder(Path.of(c.source()));
    }

    private int[] heldOut(ImageSet full) {
        if (!full.hasLabels()) throw new IllegalArgumentException("--c.holdout(): needs labelled training images");
        if (c.holdout() >= full.size()) {
            throw new IllegalArgumentException(
                    "--c.holdout() " + c.holdout() + ": the training split has only " + full.size() + " images");
        }
        return Subsets.classBalanced(full.labels(), full.numClasses(), c.holdout(), HOLDOUT_SEED);
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
        if (c.holdout() > 0) { // the held-out training images stand in for the test split
            ImageSet all = fullTrain();
            return all.subset(heldOut(all));
        }
        ImageSet full;
        if (c.isFashionMnist()) full = FashionMnist.load(c.fashionMnistDir(), FashionMnist.Split.TEST);
        else if (c.testSource() != null) full = matched(folder(c.testSource()), train);
        else return null;
        return limited(full, c.testLimit(), seed);
    }

    private ImageSet matched(ImageSet test, ImageSet train) {
        if (!test.hasLabels() || !train.hasLabels()) {
            throw new DataFormatException(
                    "--test-data " + c.testSource() + ": both splits need class sub-folders to be " + "scored ("
                            + (test.hasLabels() ? "--data " + c.source() : "--test-data") + " has none)");
        }
        List<String> onlyTest = test.classNames().stream()
                .filter(c -> !train.classNames().contains(c))
                .toList();
        List<String> onlyTrain = train.classNames().stream()
                .filter(c -> !test.classNames().contains(c))
                .toList();
        ImageSet scored = test.relabelledAs(train.classNames());
        if (scored.size() == 0) {
            throw new DataFormatException("--test-data " + c.testSource() + ": none of its classes " + test.classNames()
                    + " is a class of the training data " + train.classNames());
        }
        if (!onlyTest.isEmpty()) {
            LOG.warn(
                    "{}: {} test image(s) of classes the training data lacks ({}) are left out",
                    c.testSource(),
                    test.size() - scored.size(),
                    onlyTest);
        }
        if (!onlyTrain.isEmpty()) LOG.warn("{}: no test images of the training classes {}", c.testSource(), onlyTrain);
        return scored;
    }

    /**
     * An ImageFolder tree or tar shards: indexed (cached), then decoded into memory when that fits the budget, else
     * streamed. Too many unreadable files stop the run here, before any training.
     */
    private ImageSet folder(Path root) {
        FileIndex index = FileIndex.open(root, c.workerCount());
        int total = index.size() + index.skipped().size();
        if (index.skipped().size() > c.maxBadFraction() * total || index.size() == 0) {
            throw new DataFormatException(root + ": " + index.skipped().size() + " of " + total
                    + " files are not usable "
                    + "images, more than --max-bad-fraction " + c.maxBadFraction() + " allows (first: "
                    + (index.skipped().isEmpty() ? "none" : index.skipped().get(0)) + ")");
        }
        long decoded = 0;
        for (int i = 0; i < index.size(); i++) {
            ImageHeader h = index.header(i);
            decoded += HeldImages.bytesHeld(h.width(), h.height(), c.heldSide(), c.channels())
                    + (long) c.channels() * c.imageSize() * c.imageSize();
        }
        long budget = c.memoryBudgetMb() > 0
                ? c.memoryBudgetMb() * (1L << 20)
                : Runtime.getRuntime().maxMemory() / 4;
        boolean inMemory = c.load() == LoadMode.MEMORY || (c.load() == LoadMode.AUTO && decoded <= budget);
        if (inMemory) {
            ImageFolder.Result r = ImageFolder.load(
                    index, c.imageSize(), c.channels(), c.workerCount(), c.heldSide(), c.centerCropFor());
            int late = r.skipped().size() - index.skipped().size();
            if (late > c.maxBadFraction() * total) {
                throw new DataFormatException(root + ": " + late + " images could not be decoded, more than "
                        + "--max-bad-fraction " + c.maxBadFraction() + " allows (first: "
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
                c.load() == LoadMode.STREAM
                        ? "--c.load() stream"
                        : (decoded >> 20) + " MB decoded would exceed the " + (budget >> 20)
                                + " MB of --memory-budget-mb");
        StreamedImages pixels = new StreamedImages(
                index, c.imageSize(), c.channels(), c.workerCount(), c.maxBadFraction(), c.centerCropFor());
        return new ImageSet(
                        ImageFolder.nameOf(root),
                        c.channels(),
                        c.imageSize(),
                        c.imageSize(),
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
