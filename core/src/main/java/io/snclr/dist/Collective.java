package io.snclr.dist;

import io.snclr.engine.BatchStatistics;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * The collective operations data-parallel training needs. With one process every operation is the identity
 * ({@link SingleProcess}); {@link C10dCollective} runs them over c10d.
 */
public interface Collective {
    int rank();

    int worldSize();

    /** Rows of {@code t} from every rank, concatenated in rank order (no gradient flows back). */
    Tensor allGather(Tensor t);

    /**
     * Rows of {@code t} from every rank in rank order, differentiable: the gradient each rank's loss sends to a row
     * reaches the rank that owns it (SimCLR's and NNCLR's gathered negatives).
     */
    Tensor allGatherWithGradient(Tensor t);

    /** Averages the gradients of {@code params} across ranks; called once after every backward(). */
    void averageGradients(List<Tensor> params);

    /** The mean of {@code value} over the ranks (the logged loss is the global batch's). */
    double mean(double value);

    /** Whether any rank says yes (a stop request seen by one rank stops all at the same step). */
    default boolean any(boolean value) {
        return mean(value ? 1 : 0) > 0;
    }

    /** Returns when every rank has called it. */
    void barrier();

    /** How BatchNorm layers sum their batch statistics when they are synchronised (SyncBatchNorm). */
    BatchStatistics batchStatistics();

    /** Gradient bytes this rank has all-reduced so far. */
    default long bytesReduced() {
        return 0;
    }

    /** Bytes this rank has received through all-gathers so far. */
    default long bytesGathered() {
        return 0;
    }

    default boolean isLeader() {
        return rank() == 0;
    }
}
