package io.snclr.engine;

import org.bytedeco.pytorch.Tensor;

/**
 * Where BatchNorm's batch statistics are summed: this process alone, or every process of a data-parallel run
 * (SyncBatchNorm). The sum is differentiable: its gradient is summed over the processes in the same way.
 */
@FunctionalInterface
public interface BatchStatistics {
    /** Sums {@code local} (per-channel sums, sums of squares and counts) over the processes that share statistics. */
    Tensor sum(Tensor local);
}
