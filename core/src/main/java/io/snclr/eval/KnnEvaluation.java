package io.snclr.eval;

import io.snclr.augment.BatchAugmenter;
import io.snclr.data.ImageSet;
import io.snclr.engine.Scope;
import io.snclr.model.Encoder;
import java.util.function.IntConsumer;
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
        return run(backbone, transform, train, test, done -> {});
    }

    /** @param progress told the images embedded so far, of the train and test splits' together */
    public KnnResult run(
            Encoder backbone, BatchAugmenter transform, ImageSet train, ImageSet test, IntConsumer progress) {
        if (!train.hasLabels() || !test.hasLabels()) {
            throw new IllegalArgumentException("kNN evaluation needs labelled train and test images (class folders)");
        }
        FeatureExtractor fx = new FeatureExtractor(backbone, transform, batchSize);
        try (Scope s = Scope.open()) {
            Tensor trainFeatures = fx.extract(train, true, progress);
            Tensor testFeatures = fx.extract(test, true, done -> progress.accept(train.size() + done));
            return classifier.evaluate(trainFeatures, train.labels(), testFeatures, test.labels(), train.numClasses());
        }
    }
}
