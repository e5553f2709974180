package io.snclr.method;

import io.snclr.engine.Device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.engine.Tensors;
import io.snclr.method.snclr.Positiveness;
import io.snclr.method.snclr.PositivenessAttention;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class PositivenessAttentionTest extends TorchTest {
    @Test
    void softRowsSumToOneAndFavourTheClosestNeighbour() {
        Tensor y = Tensors.randn(Device.CPU, 6, 16);
        Tensor nn = Tensors.l2normalize(Tensors.randn(Device.CPU, 6, 10, 16));
        float[] w = Tensors.toFloats(new PositivenessAttention(Positiveness.SOFT, 1.0, false).weights(y, nn));
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

    @Test
    void gammaSharpensAndThresholdZeroesBelowOneOverK() {
        Tensor y = Tensors.randn(Device.CPU, 4, 8);
        Tensor nn = Tensors.l2normalize(Tensors.randn(Device.CPU, 4, 5, 8));
        Tensor sharp = new PositivenessAttention(Positiveness.SOFT, 0.1, false).weights(y, nn);
        Tensor flat = new PositivenessAttention(Positiveness.SOFT, 1.0, false).weights(y, nn);
        assertTrue(PositivenessAttention.meanEntropy(sharp) < PositivenessAttention.meanEntropy(flat));
        float[] soft = Tensors.toFloats(flat);
        float[] cut = Tensors.toFloats(new PositivenessAttention(Positiveness.SOFT, 1.0, true).weights(y, nn));
        for (int i = 0; i < soft.length; i++) assertEquals(soft[i] >= 1.0 / 5 ? soft[i] : 0f, cut[i], 1e-7);
    }

    @Test
    void binaryIsAllOnes() {
        float[] w = Tensors.toFloats(new PositivenessAttention(Positiveness.BINARY, 1.0, false)
                .weights(Tensors.randn(Device.CPU, 3, 4), Tensors.randn(Device.CPU, 3, 7, 4)));
        for (float v : w) assertEquals(1f, v);
    }
}
