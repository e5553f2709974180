package io.snclr.method.snclr;

import io.snclr.engine.Device;
import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;

/**
 * Parameter-free cross-attention between a sample's online projection and its own neighbours (Eq. 4 with
 * f1 = f2 = identity): w_i = softmax_i(normalize(y1) · NN(y2)_i / γ). The weights are targets of the loss, so no
 * gradient flows through them.
 */
public final class PositivenessAttention {
    private final Positiveness mode;
    private final double gamma;
    private final boolean threshold;

    /**
     * @param gamma scale γ of Eq. 4 (1 = the reference code)
     * @param threshold zero every weight below 1/K (after the softmax, so kept weights are unchanged)
     */
    public PositivenessAttention(Positiveness mode, double gamma, boolean threshold) {
        if (!(gamma > 0)) throw new IllegalArgumentException("positiveness gamma must be > 0, got " + gamma);
        this.mode = mode;
        this.gamma = gamma;
        this.threshold = threshold;
    }

    /**
     * @param y1 N×D online projections (any norm)
     * @param neighbors N×K×D unit rows, the sample's own neighbours
     * @return N×K weights; for SOFT each row sums to 1 before thresholding
     */
    public Tensor weights(Tensor y1, Tensor neighbors) {
        long n = neighbors.size(0), k = neighbors.size(1);
        if (mode == Positiveness.BINARY) return Tensors.ones(Device.CPU, n, k).to(neighbors);
        Tensor q = Tensors.l2normalize(y1.detach()).unsqueeze(2);           // N×D×1
        Tensor scores = neighbors.bmm(q).view(n, k).div(Tensors.scalar(gamma)); // Eq. 4, f1 = f2 = identity
        Tensor w = Tensors.softmax(scores, 1);
        if (threshold) w = w.mul(Tensors.toFloat(w.ge(Tensors.scalar(1.0 / k))));
        return w;
    }

    /** Mean Shannon entropy (nats) of the weight rows: log K when uniform, 0 when one neighbour takes all. */
    public static double meanEntropy(Tensor w) {
        Tensor p = w.clamp_min(Tensors.scalar(1e-12));
        return -Tensors.item(p.mul(p.log()).sum(new long[] {1}).mean());
    }
}
