package io.snclr.eval;

/**
 * How a run's encoder is evaluated: the kNN monitor and final kNN (L2-normalised features, cosine, weighted vote),
 * and the linear-probe protocol that {@code snclr linear} follows by default (MoCo v3's main_lincls.py: SGD with
 * momentum 0.9, no weight decay, lr scaled by batch / 256, cosine, 90 epochs, RandomResizedCrop + flip each epoch,
 * the head drawn from N(0, 0.01)).
 *
 * @param knnEvery kNN after every this many epochs; 0 = only at the end
 * @param evalBatch images per forward pass when extracting features
 * @param linearMode augment (the protocol) or fast (features extracted once, for quick comparisons)
 * @param linearLr learning rate per 256 images; null = the protocol's for the backbone: 0.1 ResNet, 3 ViT
 * @param linearCropMin smallest crop area of the probe's training views (torchvision's RandomResizedCrop: 0.08)
 */
public record EvalConfig(
        int knnEvery,
        int knnK,
        double knnTemperature,
        int evalBatch,
        LinearMode linearMode,
        int linearEpochs,
        int linearBatch,
        Double linearLr,
        double linearWeightDecay,
        double linearCropMin) {
    public static final EvalConfig DEFAULT =
            new EvalConfig(0, 200, 0.07, 512, LinearMode.AUGMENT, 90, 1024, null, 0.0, 0.08);

    public EvalConfig {
        if (knnEvery < 0) throw new IllegalArgumentException("--knn-every must be >= 0, got " + knnEvery);
        if (knnK < 1) throw new IllegalArgumentException("--knn-k must be >= 1, got " + knnK);
        if (!(knnTemperature > 0)) throw new IllegalArgumentException("--knn-temperature must be > 0");
        if (evalBatch < 1) throw new IllegalArgumentException("--eval-batch must be >= 1");
        if (linearMode == null) linearMode = LinearMode.AUGMENT;
        if (linearEpochs < 1) throw new IllegalArgumentException("--linear-epochs must be >= 1, got " + linearEpochs);
        if (linearBatch < 1) throw new IllegalArgumentException("--linear-batch must be >= 1, got " + linearBatch);
        if (linearLr != null && !(linearLr > 0 && linearLr < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("--linear-lr must be > 0, got " + linearLr);
        }
        if (!(linearWeightDecay >= 0)) throw new IllegalArgumentException("--linear-weight-decay must be >= 0");
        if (!(linearCropMin > 0 && linearCropMin <= 1)) {
            throw new IllegalArgumentException("--linear-crop-min must be in (0, 1], got " + linearCropMin);
        }
    }

    public KnnEvaluation knn() {
        return new KnnEvaluation(knnK, knnTemperature, evalBatch);
    }

    /** The probe's learning rate per 256 images for this backbone. */
    public double linearLrFor(boolean transformer) {
        return linearLr != null ? linearLr : transformer ? 3.0 : 0.1;
    }

    /** The linear probe of this protocol for a backbone, seeded. */
    public SupervisedConfig linear(boolean transformer, long seed) {
        return new SupervisedConfig(linearEpochs, linearBatch, linearLrFor(transformer), linearWeightDecay, seed);
    }
}
