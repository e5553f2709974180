package io.snclr.eval;

import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;

/** Counts top-1 and top-5 hits of class scores against true labels. */
final class TopK {
    long top1;
    long top5;
    long seen;

    /** @param scores B×C class scores; @param labels true classes of the B rows, starting at {@code offset} */
    void add(Tensor scores, int[] labels, int offset) {
        long b = scores.size(0);
        int r = (int) Math.min(5, scores.size(1));
        long[] ranked = Tensors.toLongs(Tensors.topk(scores, r)[1]);
        for (int i = 0; i < b; i++) {
            int truth = labels[offset + i];
            if (ranked[i * r] == truth) top1++;
            for (int j = 0; j < r; j++) if (ranked[i * r + j] == truth) top5++;
        }
        seen += b;
    }

    double top1Rate() {
        return top1 / (double) seen;
    }

    double top5Rate() {
        return top5 / (double) seen;
    }
}
