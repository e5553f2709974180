package io.snclr.data;

import java.util.Arrays;

/**
 * One rank's share of a plan of global batches, the only place a global batch is divided: rank r of W takes rows
 * [r·n, (r+1)·n) of each global batch of W·n images, so the global batches, and what the run sees, do not depend on W.
 * Its {@link #offset()} tells the augmentation where these rows sit in the global batch, so their views are the
 * global batch's views.
 */
public final class RankSlice {
    private final BatchPlan global;
    private final int rank;
    private final int world;
    private final int globalBatch;

    public RankSlice(BatchPlan global, int globalBatch, int rank, int world) {
        if (globalBatch % world != 0) {
            throw new IllegalArgumentException(
                    "--batch-size " + globalBatch + " is not divisible by the " + world + " processes");
        }
        this.global = global;
        this.globalBatch = globalBatch;
        this.rank = rank;
        this.world = world;
    }

    /** The whole plan, for one process. */
    public static RankSlice whole(BatchPlan plan, int batch) {
        return new RankSlice(plan, batch, 0, 1);
    }

    public int stepsPerEpoch() {
        return global.stepsPerEpoch();
    }

    /** The data-set indices of this rank's rows of the global batch of {@code step}. */
    public int[] batch(long step) {
        int[] all = global.batch(step);
        return world == 1 ? all : Arrays.copyOfRange(all, offset(), offset() + size());
    }

    /** This rank's images per step. */
    public int size() {
        return globalBatch / world;
    }

    /** Where this rank's rows start in the global batch. */
    public int offset() {
        return rank * size();
    }

    /** Images per global step. */
    public int globalBatch() {
        return globalBatch;
    }
}
