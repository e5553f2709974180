package io.snclr.eval;

import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;

/**
 * Weighted kNN vote on unit features (Wu et al. 2018, as in solo-learn and DINO): the k most cosine-similar
 * training samples vote for their class with weight exp(sim / T).
 */
public final class KnnClassifier {
    private final int k;
    private final double temperature;
    private final int chunk;

    public KnnClassifier(int k, double temperature) {
        this(k, temperature, 256);
    }

    public KnnClassifier(int k, double temperature, int chunk) {
        if (k < 1) throw new IllegalArgumentException("--k must be >= 1, got " + k);
        if (!(temperature > 0)) throw new IllegalArgumentException("--temperature must be > 0, got " + temperature);
        this.k = k;
        this.temperature = temperature;
        this.chunk = chunk;
    }

    /**
     * @param train N×F unit rows; @param trainLabels N labels 0..C-1
     * @param test M×F unit rows; @param testLabels M labels
     */
    public KnnResult evaluate(Tensor train, int[] trainLabels, Tensor test, int[] testLabels, int numClasses) {
        int kk = Math.min(k, trainLabels.length);
        long m = test.size(0);
        TopK hits = new TopK();
        Tensor trainT = train.t().contiguous();
        Tensor labels = Tensors.longs(toLongs(trainLabels), trainLabels.length);
        for (long start = 0; start < m; start += chunk) {
            long b = Math.min(chunk, m - start);
            try (Scope s = Scope.open()) {
                Tensor sim = test.narrow(0, start, b).matmul(trainT);
                Tensor[] top = Tensors.topk(sim, kk);
                Tensor votes = labels.index_select(0, top[1].flatten()).view(b, kk);
                Tensor weights = top[0].div(Tensors.scalar(temperature)).exp();
                Tensor scores = Tensors.sum(Tensors.oneHot(votes, numClasses).mul(weights.unsqueeze(2)), 1);
                hits.add(scores, testLabels, (int) start);
            }
        }
        return new KnnResult(hits.top1Rate(), hits.top5Rate(), kk, temperature, trainLabels.length, (int) m);
    }

    private static long[] toLongs(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i];
        return out;
    }
}
