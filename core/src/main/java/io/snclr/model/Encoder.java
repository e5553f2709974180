package io.snclr.model;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/** A backbone mapping an image batch (N×C×H×W) to representations (N×featureDim). */
public interface Encoder {
    Tensor forward(Tensor images);

    long featureDim();

    /** ViTs and ResNets follow different MoCo v3 recipes (heads, momentum schedule). */
    default boolean isTransformer() {
        return false;
    }

    /** Its BatchNorm layers (none in a ViT): what SyncBatchNorm synchronises. */
    default List<org.bytedeco.pytorch.Module> batchNorms() {
        return List.of();
    }

    /** The module that owns the parameters (for optimisers, checkpoints, EMA). */
    org.bytedeco.pytorch.Module module();
}
