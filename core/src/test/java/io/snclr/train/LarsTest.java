package io.snclr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.snclr.TorchTest;
import io.snclr.engine.Tensors;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** One LARS step by hand: trust ratio and weight decay on matrices, plain momentum SGD on 1-D parameters. */
class LarsTest extends TorchTest {
    @Test
    void oneStepMatchesTheFormula() {
        Tensor w = Tensors.floats(new float[] {3, 0, 0, 4}, 2, 2).set_requires_grad(true); // ‖w‖ = 5
        Tensor b = Tensors.floats(new float[] {1, 1}, 2).set_requires_grad(true);
        Tensor zero = Tensors.floats(new float[] {0, 0}, 1, 2).set_requires_grad(true); // matrix, ‖p‖ = 0: ratio 1
        w.mul(Tensors.floats(new float[] {1, 0, 0, 1}, 2, 2))
                .sum()
                .add(b.mul(Tensors.scalar(2)).sum())
                .add(zero.mul(Tensors.scalar(3)).sum())
                .backward(); // grads: I, 2, 3
        Lars lars = new Lars(List.of(w, b, zero), 0.5, 0.9, 0.001);
        lars.setLr(2.0);
        lars.step();
        // w: d = I + 0.5·w = [[2.5,0],[0,3]], ‖d‖ = sqrt(15.25); q = 0.001·5/‖d‖; w ← w − 2·q·d
        double q = 0.001 * 5 / Math.sqrt(15.25);
        float[] expectedW = {(float) (3 - 2 * q * 2.5), 0, 0, (float) (4 - 2 * q * 3)};
        assertArrayEquals(expectedW, Tensors.toFloats(w), 1e-6f);
        assertArrayEquals(new float[] {-3, -3}, Tensors.toFloats(b), 1e-6f); // 1-D: no decay, no trust ratio
        assertArrayEquals(new float[] {-6, -6}, Tensors.toFloats(zero), 1e-6f);
    }
}
