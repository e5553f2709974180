package io.snclr.eval;

import io.snclr.augment.BatchAugmenter;
import io.snclr.data.ImageSet;
import io.snclr.engine.Scope;
import io.snclr.model.Encoder;
import org.bytedeco.pytorch.Tensor;

/** kNN accuracy of a backbone: embed the train and test splits, vote, report. */
public final class KnnEvaluation {
    private final KnnClassifier classifier;
    private final int batchSize;

    public KnnEvaluation(int k, double temperature, int batchSize) {
        this.classifier = new KnnClassifier(k, temperature);
        this.batchSize = batchSize;
    }

    public KnnResult run(Encoder backbone, BatchAugmenter transform, ImageSet train, ImageSet test) {
        if (!train.hasLabels() || !test.hasLabels()) {
            throw new IllegalArgumentException("kNN evaluation needs labelled train and test images (class folders)");
        }
        FeatureExtractor fx = new FeatureExtractor(backbone, transform, batchSize);
        try (Scope s = Scope.open()) {
            Tensor trainFeatures = fx.extract(train);
            Tensor testFeatures = fx.extract(test);
            return classifier.evaluate(trainFeatures, train.labels(), testFeatures, test.labels(), train.numClasses());
        }
    }
}
