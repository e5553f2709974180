package io.snclr.data;

/** Which images make up each training step's batch: plain shuffling, or SPCL's prototype-aware batches. */
public interface BatchPlan {
    int stepsPerEpoch();

    /** The data-set indices of this rank's batch at global step {@code step}. */
    int[] batch(long step);
}
