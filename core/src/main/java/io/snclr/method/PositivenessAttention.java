package io.snclr.method;

import io.snclr.engine.Device;
import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;

/**
 * Parameter-free cross-attention between a sample's online projection and its own neighbours (Eq. 4 with
 * f1 = f2 = identity): w_i = softmax_i(normalize(y1) · NN(y2)_i) / γ. As in the reference code the weights keep
 * their gradient, so the loss also trains y1 through its soft targets; detaching them is an option.
 */
public final class PositivenessAttention {
    private final Positiveness mode;
    private final double temperature;
    private final double gamma;
    private final boolean threshold;
    private final boolean detach;

    /** Eq. 4 as the reference code computes it: soft, temperature 1, γ = 1, no threshold, gradients kept. */
    public static PositivenessAttention reference() {
        return new PositivenessAttention(Positiveness.SOFT, 1.0, 1.0, false, false);
    }

    /**
     * @param temperature softmax temperature (1 = Eq. 4; below 1 sharpens the weights; not in the paper)
     * @param gamma γ of Eq. 4, dividing the softmax output (1 = the reference code)
     * @param threshold keep a weight only where it is above 1/K (strictly, as the reference code)
     * @param detach stop the gradient through the weights (the reference code does not)
     */
    public PositivenessAttention(
            Positiveness mode, double temperature, double gamma, boolean threshold, boolean detach) {
        if (!(temperature > 0))
            throw new IllegalArgumentException("--positiveness-temperature must be > 0, got " + temperature);
        if (!(gamma > 0)) throw new IllegalArgumentException("--gamma must be > 0, got " + gamma);
        this.mode = mode;
        this.temperature = temperature;
        this.gamma = gamma;
        this.threshold = threshold;
        this.detach = detach;
    }

    /**
     * @param y1 N×D online projections (any norm)
     * @param neighbors N×K×D unit rows, the sample's own neighbours
     * @return N×K weights; for SOFT each row sums to 1/γ before thresholding
     */
    public Tensor weights(Tensor y1, Tensor neighbors) {
        long n = neighbors.size(0), k = neighbors.size(1);
        if (mode == Positiveness.BINARY) return Tensors.ones(Device.CPU, n, k).to(neighbors);
        Tensor q = Tensors.l2normalize(detach ? y1.detach() : y1).unsqueeze(2); // N×D×1
        Tensor scores = neighbors.bmm(q).view(n, k).div(Tensors.scalar(temperature));
        Tensor w = Tensors.softmax(scores, 1); // Eq. 4, f1 = f2 = identity
        if (threshold) w = w.mul(Tensors.toFloat(w.gt(Tensors.scalar(1.0 / k))).detach());
        return gamma == 1.0 ? w : w.div(Tensors.scalar(gamma));
    }

    /** Mean Shannon entropy (nats) of the normalised weight rows: log K when uniform, 0 when one takes all. */
    public static double meanEntropy(Tensor w) {
        Tensor p = w.detach();
        p = p.div(Tensors.sumKeep(p, 1)).clamp_min(Tensors.scalar(1e-12));
        return -Tensors.item(p.mul(p.log()).sum(new long[] {1}).mean());
    }
}
