package io.snclr.method.spcl;

import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;

/**
 * SPCL's metric loss (Siamese network of Koch et al. 2015): a linear head on |e_a − e_b| predicts whether two
 * samples share a prototype, trained by binary cross-entropy; the gradient reaches the shared encoder through e.
 * The first member comes from the first views, the second from the second views.
 */
public final class SiameseMetricLoss {
    private final LinearImpl head;

    public SiameseMetricLoss(LinearImpl head) {
        this.head = head;
    }

    /** L_metric = mean BCE(σ(w·|e_a − e_b| + b), same); null when there are no pairs. */
    public Tensor loss(Tensor e1, Tensor e2, MetricPairs pairs) {
        if (pairs.size() == 0) return null;
        Tensor logits = logits(e1, e2, pairs);
        return Tensors.bceWithLogits(logits, Tensors.onDeviceOf(Tensors.floats(pairs.same(), pairs.size()), logits));
    }

    /** Sameness logits of the pairs. */
    public Tensor logits(Tensor e1, Tensor e2, MetricPairs pairs) {
        Tensor a = e1.index_select(0, Tensors.onDeviceOf(Tensors.longs(pairs.first(), pairs.size()), e1));
        Tensor b = e2.index_select(0, Tensors.onDeviceOf(Tensors.longs(pairs.second(), pairs.size()), e2));
        return head.forward(a.sub(b).abs()).view(-1);
    }
}
