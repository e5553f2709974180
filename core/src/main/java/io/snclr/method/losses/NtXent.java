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
        return loss(a, b, a, b, 0, temperature);
    }

    /**
     * The loss of this rank's 2n anchors against the views of the global batch (data parallelism, as solo-learn):
     * {@code aAll}/{@code bAll} hold every rank's rows, this rank's from {@code offset}.
     */
    public static Tensor loss(Tensor a, Tensor b, Tensor aAll, Tensor bAll, long offset, double temperature) {
        long n = a.size(0), ng = aAll.size(0);
        Tensor anchors = Tensors.l2normalize(Tensors.cat(0, a, b)); // 2n×D
        Tensor all = Tensors.l2normalize(Tensors.cat(0, aAll, bAll)); // 2N×D
        Tensor logits = anchors.matmul(all.t()).div(Tensors.scalar(temperature));
        long[] selfColumn = new long[(int) (2 * n)], positive = new long[(int) (2 * n)];
        for (int i = 0; i < n; i++) { // view i of image j pairs with the other view of j
            selfColumn[i] = offset + i;
            positive[i] = ng + offset + i;
            selfColumn[(int) n + i] = ng + offset + i;
            positive[(int) n + i] = offset + i;
        }
        Tensor self = Tensors.oneHot(Tensors.onDeviceOf(Tensors.longs(selfColumn, 2 * n), logits), 2 * ng)
                .gt(Tensors.scalar(0.5));
        logits = logits.masked_fill(self, Tensors.scalar(MASKED));
        return Tensors.crossEntropy(logits, Tensors.onDeviceOf(Tensors.longs(positive, 2 * n), logits));
    }
}
