package io.snclr.eval;

import org.bytedeco.pytorch.Tensor;

/** Labelled inputs of a supervised run: cached features, or (augmented) images. */
interface InputSource {
    int size();

    int[] labels();

    /** Model inputs of the samples {@code indices}; {@code step} seeds any augmentation. */
    Tensor batch(int[] indices, long step);

    /** Inputs for evaluation (never augmented). */
    Tensor plainBatch(int start, int count);
}
