package io.snclr.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.engine.Device;
import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class PositivenessAttentionTest extends TorchTest {
    @Test
    void softRowsSumToOneAndFavourTheClosestNeighbour() {
        Tensor y = Tensors.randn(Device.CPU, 6, 16);
        Tensor nn = Tensors.l2normalize(Tensors.randn(Device.CPU, 6, 10, 16));
        float[] w = Tensors.toFloats(soft(1.0, 1.0, false).weights(y, nn));
        float[] sim = Tensors.toFloats(nn.bmm(Tensors.l2normalize(y).unsqueeze(2)));
        for (int i = 0; i < 6; i++) {
            double sum = 0;
            int best = 0, top = 0;
            for (int j = 0; j < 10; j++) {
                sum += w[i * 10 + j];
                if (sim[i * 10 + j] > sim[i * 10 + best]) best = j;
                if (w[i * 10 + j] > w[i * 10 + top]) top = j;
            }
            assertEquals(1.0, sum, 1e-5);
            assertEquals(best, top);
        }
    }

    private static PositivenessAttention soft(double temperature, double gamma, boolean threshold) {
        return new PositivenessAttention(Positiveness.SOFT, temperature, gamma, threshold, false);
    }

    @Test
    void temperatureSharpensGammaScalesAfterTheSoftmaxAndThresholdIsStrict() {
        Tensor y = Tensors.randn(Device.CPU, 4, 8);
        Tensor nn = Tensors.l2normalize(Tensors.randn(Device.CPU, 4, 5, 8));
        Tensor sharp = soft(0.1, 1.0, false).weights(y, nn);
        Tensor flat = soft(1.0, 1.0, false).weights(y, nn);
        assertTrue(PositivenessAttention.meanEntropy(sharp) < PositivenessAttention.meanEntropy(flat));
        float[] soft = Tensors.toFloats(flat);
        float[] scaled = Tensors.toFloats(soft(1.0, 2.0, false).weights(y, nn));
        for (int i = 0; i < soft.length; i++) assertEquals(soft[i] / 2, scaled[i], 1e-7, "Eq. 4: softmax(...) / γ");
        float[] cut = Tensors.toFloats(soft(1.0, 1.0, true).weights(y, nn));
        for (int i = 0; i < soft.length; i++) assertEquals(soft[i] > 1.0f / 5 ? soft[i] : 0f, cut[i], 1e-7);
        // a uniform row is exactly 1/K everywhere: strictly above 1/K is nothing
        Tensor same = Tensors.l2normalize(Tensors.ones(Device.CPU, 1, 5, 8));
        assertEquals(
                0.0,
                Tensors.item(soft(1.0, 1.0, true)
                        .weights(Tensors.randn(Device.CPU, 1, 8), same)
                        .sum()),
                1e-7);
    }

    /**
     * The reference code keeps the gradient of the soft targets: with loss L = −Σ_i w_i·ℓ_i (ℓ fixed log-probabilities),
     * dL/dy = −Σ_i ℓ_i Σ_j w_i(δ_ij − w_j) (I − ŷŷᵀ) n_j / |y|, derived by hand; detached, y gets no gradient.
     */
    @Test
    void theGradientFlowsIntoTheProjectionThroughTheWeights() {
        double[] yv = {0.3, -1.2, 0.5}, l = {-0.7, -2.0};
        double[][] nv = {{0.6, 0.8, 0}, {0, 0.6, 0.8}};
        Tensor y = Tensors.floats(toFloats(yv), 1, 3).requires_grad_(true);
        Tensor nn = Tensors.floats(toFloats(new double[] {0.6, 0.8, 0, 0, 0.6, 0.8}), 1, 2, 3);
        Tensor ell = Tensors.floats(toFloats(l), 1, 2);
        soft(1.0, 1.0, false).weights(y, nn).mul(ell).sum().neg().backward();
        float[] got = Tensors.toFloats(y.grad());

        double norm = Math.sqrt(yv[0] * yv[0] + yv[1] * yv[1] + yv[2] * yv[2]);
        double[] yh = {yv[0] / norm, yv[1] / norm, yv[2] / norm};
        double[] s = new double[2], w = new double[2];
        for (int i = 0; i < 2; i++) s[i] = dot(yh, nv[i]);
        double z = Math.exp(s[0]) + Math.exp(s[1]);
        for (int i = 0; i < 2; i++) w[i] = Math.exp(s[i]) / z;
        double[] dLds = new double[2]; // dL/ds_j = −Σ_i ℓ_i w_i (δ_ij − w_j)
        for (int j = 0; j < 2; j++) for (int i = 0; i < 2; i++) dLds[j] -= l[i] * w[i] * ((i == j ? 1 : 0) - w[j]);
        for (int c = 0; c < 3; c++) {
            double g = 0;
            for (int j = 0; j < 2; j++) g += dLds[j] * (nv[j][c] - dot(yh, nv[j]) * yh[c]) / norm;
            assertEquals(g, got[c], 1e-5, "component " + c);
        }

        Tensor y2 = Tensors.floats(toFloats(yv), 1, 3).requires_grad_(true);
        Tensor detached = new PositivenessAttention(Positiveness.SOFT, 1.0, 1.0, false, true).weights(y2, nn);
        assertTrue(!detached.requires_grad(), "detached weights carry no gradient");
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void binaryIsAllOnes() {
        float[] w = Tensors.toFloats(new PositivenessAttention(Positiveness.BINARY, 1.0, 1.0, false, false)
                .weights(Tensors.randn(Device.CPU, 3, 4), Tensors.randn(Device.CPU, 3, 7, 4)));
        for (float v : w) assertEquals(1f, v);
    }
}
