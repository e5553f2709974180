package io.snclr.method.losses;

import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;

/** InfoNCE between two aligned batches: query i's positive is key i, the other keys of the batch are negatives. */
public final class InfoNce {
    private InfoNce() {}

    /** @return mean over queries of −log softmax(normalize(q)·normalize(k)ᵀ/τ)[i] */
    public static Tensor loss(Tensor queries, Tensor keys, double temperature) {
        return loss(queries, keys, 0, temperature);
    }

    /** As above with the keys of the global batch: query i's key is row {@code offset + i}. */
    public static Tensor loss(Tensor queries, Tensor keys, long offset, double temperature) {
        Tensor logits = Tensors.l2normalize(queries)
                .matmul(Tensors.l2normalize(keys).t())
                .div(Tensors.scalar(temperature));
        long[] rows = new long[(int) queries.size(0)];
        for (int i = 0; i < rows.length; i++) rows[i] = offset + i;
        Tensor target = Tensors.longs(rows, rows.length);
        return Tensors.crossEntropy(logits, Tensors.onDeviceOf(target, logits));
    }
}
