package io.snclr.model;

import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;

/** MoCo v3's fixed 2-D sin-cos position embedding, with a zero row for the [CLS] token. */
final class SinCos {
    private static final double TEMPERATURE = 10000;

    private SinCos() {}

    /**
     * 1×(side²+1)×dim: for patch token t, with a = t / side and b = t % side (MoCo v3 meshes its grids so that the
     * first coordinate runs over rows), [sin(a·ω), cos(a·ω), sin(b·ω), cos(b·ω)] with ω_i = 1 / 10000^(i / (dim/4)).
     */
    static Tensor positions(int side, int dim) {
        if (dim % 4 != 0)
            throw new IllegalArgumentException("sin-cos position embedding needs dim % 4 == 0, got " + dim);
        int quarter = dim / 4, tokens = side * side;
        float[] out = new float[(tokens + 1) * dim];
        for (int t = 0; t < tokens; t++) {
            int a = t / side, b = t % side;
            int row = (t + 1) * dim;
            for (int i = 0; i < quarter; i++) {
                double omega = 1.0 / Math.pow(TEMPERATURE, i / (double) quarter);
                out[row + i] = (float) Math.sin(a * omega);
                out[row + quarter + i] = (float) Math.cos(a * omega);
                out[row + 2 * quarter + i] = (float) Math.sin(b * omega);
                out[row + 3 * quarter + i] = (float) Math.cos(b * omega);
            }
        }
        return Tensors.floats(out, 1, tokens + 1, dim);
    }
}
