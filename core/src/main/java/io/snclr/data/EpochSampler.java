package io.snclr.data;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Seeded shuffling without replacement, one permutation per epoch (for tar shards, one that reads a few shards at a
 * time: {@link ImageSet#epochOrder}); the last incomplete global batch is dropped.
 * The batches are global: {@link RankSlice} gives each process its part.
 */
public final class EpochSampler implements BatchPlan {
    private final int size;
    private final int batch;
    private final long seed;
    private final Function<SplittableRandom, int[]> order;
    private int cachedEpoch = -1;
    private int[] cachedPermutation;

    public EpochSampler(int size, int batch, long seed) {
        this(size, batch, seed, rng -> Subsets.permutation(size, rng));
    }

    /** @param order an epoch's order of the images from its generator ({@link ImageSet#epochOrder}) */
    public EpochSampler(int size, int batch, long seed, Function<SplittableRandom, int[]> order) {
        if (batch < 1) throw new IllegalArgumentException("--batch-size must be >= 1, got " + batch);
        if (batch > size) {
            throw new IllegalArgumentException(
                    "--batch-size " + batch + " exceeds the " + size + " images of the data set");
        }
        this.size = size;
        this.batch = batch;
        this.seed = seed;
        this.order = order;
    }

    @Override
    public int stepsPerEpoch() {
        return size / batch;
    }

    @Override
    public synchronized int[] batch(long step) {
        int epoch = (int) (step / stepsPerEpoch());
        int within = (int) (step % stepsPerEpoch());
        if (epoch != cachedEpoch) {
            cachedPermutation = order.apply(new SplittableRandom(seed * 1_000_003L + epoch));
            cachedEpoch = epoch;
        }
        int[] out = new int[batch];
        System.arraycopy(cachedPermutation, within * batch, out, 0, batch);
        return out;
    }
}
