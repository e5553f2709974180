package io.snclr.data;

import java.util.Arrays;

/**
 * One rank's share of a plan of global batches: rank r of W takes rows [r·n, (r+1)·n) of each global batch of W·n
 * images, so the global batches, and what the run sees, do not depend on W.
 */
public final class RankSlice implements BatchPlan {
    private final BatchPlan global;
    private final int rank;
    private final int world;

    public RankSlice(BatchPlan global, int rank, int world) {
        this.global = global;
        this.rank = rank;
        this.world = world;
    }

    @Override
    public int stepsPerEpoch() {
        return global.stepsPerEpoch();
    }

    @Override
    public int[] batch(long step) {
        int[] all = global.batch(step);
        int n = all.length / world;
        return Arrays.copyOfRange(all, rank * n, (rank + 1) * n);
    }
}
