package io.snclr.dist;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * The collective operations data-parallel training needs. With one process every operation is the identity;
 * a c10d (Gloo/NCCL) implementation plugs in here without touching the methods or the trainer.
 */
public interface Collective {
    int rank();

    int worldSize();

    /** Rows of {@code t} from every rank, concatenated in rank order (no gradient flows back). */
    Tensor allGather(Tensor t);

    /** Averages the gradients of {@code params} across ranks; called once after every backward(). */
    void averageGradients(List<Tensor> params);

    default boolean isLeader() {
        return rank() == 0;
    }
}
