package io.snclr.method;

import org.bytedeco.pytorch.Tensor;

/**
 * The top-K candidates of each query (Eq. 3).
 *
 * @param features N×K×D unit rows, most similar first
 * @param labels N×K int64 labels of the candidates (-1 unknown)
 * @param indices N×K int64 positions in the queue
 * @param similarities N×K cosine similarities
 * @param selfExcluded scalar: how many of the queries' own entries would have been among the top K (null when
 *                     nothing was excluded)
 */
public record Neighbors(Tensor features, Tensor labels, Tensor indices, Tensor similarities, Tensor selfExcluded) {
    public Tensor[] tensors() {
        return new Tensor[] {features, labels, indices, similarities, selfExcluded};
    }
}
