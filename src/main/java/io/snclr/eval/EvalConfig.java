package io.snclr.eval;

/**
 * The kNN monitor and final kNN evaluation (DESIGN.md §3: L2-normalised features, cosine, weighted vote).
 *
 * @param knnEvery kNN after every this many epochs; 0 = only at the end
 * @param evalBatch images per forward pass when extracting features
 */
public record EvalConfig(int knnEvery, int knnK, double knnTemperature, int evalBatch) {
    public static final EvalConfig DEFAULT = new EvalConfig(0, 200, 0.07, 512);

    public EvalConfig {
        if (knnEvery < 0) throw new IllegalArgumentException("--knn-every must be >= 0, got " + knnEvery);
        if (knnK < 1) throw new IllegalArgumentException("--knn-k must be >= 1, got " + knnK);
        if (!(knnTemperature > 0)) throw new IllegalArgumentException("--knn-temperature must be > 0");
        if (evalBatch < 1) throw new IllegalArgumentException("--eval-batch must be >= 1");
    }

    public KnnEvaluation knn() {
        return new KnnEvaluation(knnK, knnTemperature, evalBatch);
    }
}
