package io.snclr.eval;

import io.snclr.augment.BatchAugmenter;
import io.snclr.augment.ViewConfig;
import io.snclr.data.ImageSet;
import io.snclr.engine.Device;
import io.snclr.engine.Scope;
import io.snclr.model.Encoder;

/** The paper's supervised protocols on a pre-trained backbone: linear probe (fast or augmented) and fine-tuning. */
public final class SupervisedEvaluation {
    private final Encoder backbone;
    private final BatchAugmenter transform;
    private final Device device;

    public SupervisedEvaluation(Encoder backbone, BatchAugmenter transform, Device device) {
        this.backbone = backbone;
        this.transform = transform;
        this.device = device;
    }

    /** Linear probe on features extracted once from un-augmented images (seconds instead of hours on a CPU). */
    public SupervisedResult linearFast(ImageSet train, ImageSet test, SupervisedConfig cfg) {
        requireLabels(train, test);
        FeatureExtractor fx = new FeatureExtractor(backbone, transform, 512);
        try (Scope s = Scope.open()) {
            InputSource tr = new FeatureSource(fx.extract(train, false), train.labels());
            InputSource te = new FeatureSource(fx.extract(test, false), test.labels());
            return SupervisedTraining.run(
                    new Classifier(null, false, backbone.featureDim(), train.numClasses(), device),
                    tr,
                    te,
                    cfg,
                    device);
        }
    }

    /** Linear probe with random-resized-crop + flip every epoch (the standard protocol), backbone frozen. */
    public SupervisedResult linearAugmented(ImageSet train, ImageSet test, SupervisedConfig cfg, double cropMin) {
        requireLabels(train, test);
        return SupervisedTraining.run(
                new Classifier(backbone, false, backbone.featureDim(), train.numClasses(), device),
                new ImageSource(train, transform, ViewConfig.cropFlip(cropMin)),
                new ImageSource(test, transform, null),
                cfg,
                device);
    }

    /** Fine-tunes backbone and a new linear head on the (labelled subset) {@code train}, with crop + flip. */
    public SupervisedResult finetune(ImageSet train, ImageSet test, SupervisedConfig cfg, double cropMin) {
        requireLabels(train, test);
        return SupervisedTraining.run(
                new Classifier(backbone, true, backbone.featureDim(), train.numClasses(), device),
                new ImageSource(train, transform, ViewConfig.cropFlip(cropMin)),
                new ImageSource(test, transform, null),
                cfg,
                device);
    }

    private static void requireLabels(ImageSet train, ImageSet test) {
        if (test == null || !train.hasLabels() || !test.hasLabels()) {
            throw new IllegalArgumentException("supervised evaluation needs labelled train and test images");
        }
    }
}
