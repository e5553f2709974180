package io.snclr.train;

import org.bytedeco.pytorch.Tensor;

/** Two augmented views of one batch, ready for the step; produced ahead of time by the {@link Prefetcher}. */
record Batch(long step, int[] indices, Tensor view1, Tensor view2, Tensor labels, double prepareSeconds) {}
