package io.snclr.eval;

import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;

/** Pre-extracted features (the fast linear probe: the frozen backbone runs once, not every epoch). */
final class FeatureSource implements InputSource {
    private final Tensor features;
    private final int[] labels;

    FeatureSource(Tensor features, int[] labels) {
        this.features = features;
        this.labels = labels;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] labels() {
        return labels;
    }

    @Override
    public Tensor batch(int[] indices, long step) {
        long[] idx = new long[indices.length];
        for (int i = 0; i < idx.length; i++) idx[i] = indices[i];
        return features.index_select(0, Tensors.longs(idx, idx.length));
    }

    @Override
    public Tensor plainBatch(int start, int count) {
        return features.narrow(0, start, count);
    }
}
