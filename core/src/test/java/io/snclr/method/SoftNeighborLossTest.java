package io.snclr.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.engine.Device;
import io.snclr.engine.Tensors;
import io.snclr.method.snclr.LossForm;
import io.snclr.method.snclr.NeighborSide;
import io.snclr.method.snclr.SoftNeighborLoss;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class SoftNeighborLossTest extends TorchTest {
    private static final double T = 0.2;

    @Test
    void withoutNeighboursItIsMocoV3CrossEntropyTimesTwoT() {
        int n = 5, d = 8;
        Tensor q = Tensors.randn(Device.CPU, n, d);
        Tensor k = Tensors.l2normalize(Tensors.randn(Device.CPU, n, d));
        float[] qf = Tensors.toFloats(Tensors.l2normalize(q)), kf = Tensors.toFloats(k);
        double expected = 0;
        for (int i = 0; i < n; i++) {
            double[] logits = new double[n];
            for (int j = 0; j < n; j++) logits[j] = dot(qf, i, kf, j, d) / T;
            expected += logSumExp(logits) - logits[i]; // CE(q·kᵀ/T, arange)
        }
        expected = expected / n * 2 * T;
        for (LossForm form : LossForm.values()) {
            double got = Tensors.item(new SoftNeighborLoss(T, form, NeighborSide.BOTH).loss(q, k, null, null, 0));
            assertEquals(expected, got, 1e-5, form.name());
        }
    }

    /** One sample, D = 2, K = 2, uniform w = 1/2: every term computed by hand. */
    @Test
    void handComputedSingleSample() {
        Tensor q = Tensors.floats(new float[] {1, 0}, 1, 2);
        Tensor key = Tensors.floats(new float[] {1, 0}, 1, 2);
        Tensor nn = Tensors.floats(new float[] {0, 1, -1, 0}, 1, 2, 2);
        Tensor w = Tensors.floats(new float[] {0.5f, 0.5f}, 1, 2);
        // similarities q·[key, nn1, nn2] = [1, 0, -1]; logits /T = [5, 0, -5]
        double lse = Math.log(Math.exp(5) + Math.exp(0) + Math.exp(-5));
        double soft = ((lse - 5) + 0.5 * (lse - 0) + 0.5 * (lse + 5)) * 2 * T;
        double paper = (lse - Math.log(Math.exp(5) + 0.5 * Math.exp(0) + 0.5 * Math.exp(-5))) * 2 * T;
        assertEquals(
                soft,
                Tensors.item(new SoftNeighborLoss(T, LossForm.SOFT, NeighborSide.BOTH).loss(q, key, nn, w, 0)),
                1e-5);
        assertEquals(
                paper,
                Tensors.item(new SoftNeighborLoss(T, LossForm.PAPER, NeighborSide.BOTH).loss(q, key, nn, w, 0)),
                1e-5);
    }

    /** Two samples: the other sample's neighbours are negatives (BOTH) or left out (POSITIVE). */
    @Test
    void othersNeighboursAreNegativesUnlessPositiveSideOnly() {
        Tensor q = Tensors.floats(new float[] {1, 0, 0, 1}, 2, 2);
        Tensor keys = Tensors.floats(new float[] {1, 0, 0, 1}, 2, 2);
        Tensor nn = Tensors.floats(new float[] {1, 0, 0, 1}, 2, 1, 2); // K = 1
        Tensor w = Tensors.floats(new float[] {1, 1}, 2, 1);
        // row 0 logits over [k0, nn0, k1, nn1] = [5, 5, 0, 0]; targets [1, 1, 0, 0]
        double lseBoth = Math.log(2 * Math.exp(5) + 2);
        double both = 2 * T * (2 * lseBoth - 10); // same by symmetry for row 1
        double lsePos = Math.log(2 * Math.exp(5) + 1); // nn1 left out
        double pos = 2 * T * (2 * lsePos - 10);
        assertEquals(
                both,
                Tensors.item(new SoftNeighborLoss(T, LossForm.SOFT, NeighborSide.BOTH).loss(q, keys, nn, w, 0)),
                1e-4);
        assertEquals(
                pos,
                Tensors.item(new SoftNeighborLoss(T, LossForm.SOFT, NeighborSide.POSITIVE).loss(q, keys, nn, w, 0)),
                1e-4);
    }

    /**
     * Eq. 2 with the positiveness keeping its gradient (as the official code does): the zero targets of other samples'
     * rows must not turn into log(0) in backward, so every gradient is finite.
     */
    @Test
    void paperLossHasFiniteGradientsThroughThePositiveness() {
        int n = 4, k = 3, d = 8;
        Tensor y1 = Tensors.randn(Device.CPU, n, d).requires_grad_(true);
        Tensor q = Tensors.randn(Device.CPU, n, d).requires_grad_(true);
        Tensor keys = Tensors.l2normalize(Tensors.randn(Device.CPU, n, d));
        Tensor nn = Tensors.l2normalize(Tensors.randn(Device.CPU, n * k, d)).view(n, k, d);
        Tensor w = new PositivenessAttention(Positiveness.SOFT, 1.0, 1.0, false, false).weights(y1, nn);
        Tensor loss = new SoftNeighborLoss(T, LossForm.PAPER, NeighborSide.BOTH).loss(q, keys, nn, w, 0);
        loss.backward();
        assertTrue(Double.isFinite(Tensors.item(loss)));
        for (Tensor g : new Tensor[] {q.grad(), y1.grad()}) {
            for (float v : Tensors.toFloats(g)) assertTrue(Float.isFinite(v), "gradient " + v);
        }
        assertTrue(Tensors.item(y1.grad().abs().sum()) > 0, "the positiveness receives a gradient");
    }

    private static double dot(float[] a, int i, float[] b, int j, int d) {
        double s = 0;
        for (int x = 0; x < d; x++) s += a[i * d + x] * b[j * d + x];
        return s;
    }

    private static double logSumExp(double[] v) {
        double m = Double.NEGATIVE_INFINITY, s = 0;
        for (double x : v) m = Math.max(m, x);
        for (double x : v) s += Math.exp(x - m);
        return m + Math.log(s);
    }
}
