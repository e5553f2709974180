package io.snclr.method.losses;

import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;

/**
 * NT-Xent (SimCLR, Chen et al. 2020): the 2N views of a batch, each view's positive is the other view of its
 * image, the remaining 2N − 2 views are negatives; cosine similarity over temperature τ.
 */
public final class NtXent {
    private static final double MASKED = -1e9;

    private NtXent() {}

    /**
     * @param a N×D projections of the first views; @param b N×D of the second views (any norm)
     * @return mean over the 2N views of −log softmax(sim/τ)[positive], self-similarity excluded
     */
    public static Tensor loss(Tensor a, Tensor b, double temperature) {
        long n = a.size(0);
        Tensor z = Tensors.l2normalize(Tensors.cat(0, a, b));                 // 2N×D
        Tensor logits = z.matmul(z.t()).div(Tensors.scalar(temperature));
        Tensor self = Tensors.eye(2 * n).to(logits).gt(Tensors.scalar(0.5));
        logits = logits.masked_fill(self, Tensors.scalar(MASKED));
        long[] positive = new long[(int) (2 * n)]; // view i of image j pairs with the other view of j
        for (int i = 0; i < n; i++) {
            positive[i] = n + i;
            positive[(int) n + i] = i;
        }
        Tensor target = Tensors.longs(positive, 2 * n);
        return Tensors.crossEntropy(logits, Tensors.onDeviceOf(target, logits));
    }
}
