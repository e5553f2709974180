package io.snclr.method.losses;

import io.snclr.engine.Device;
import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;

/** InfoNCE between two aligned batches: query i's positive is key i, the other keys of the batch are negatives. */
public final class InfoNce {
    private InfoNce() {}

    /** @return mean over queries of −log softmax(normalize(q)·normalize(k)ᵀ/τ)[i] */
    public static Tensor loss(Tensor queries, Tensor keys, double temperature) {
        Tensor logits = Tensors.l2normalize(queries).matmul(Tensors.l2normalize(keys).t())
                .div(Tensors.scalar(temperature));
        Tensor target = Tensors.arange(Device.CPU, queries.size(0));
        return Tensors.crossEntropy(logits, Tensors.onDeviceOf(target, logits));
    }
}
