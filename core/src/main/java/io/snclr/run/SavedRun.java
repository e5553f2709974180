package io.snclr.run;

import io.snclr.augment.BatchAugmenter;
import io.snclr.augment.Normalization;
import io.snclr.data.DataConfig;
import io.snclr.data.DataSplits;
import io.snclr.data.ImageSet;
import io.snclr.engine.Engine;
import io.snclr.engine.ModuleState;
import io.snclr.model.Encoder;
import io.snclr.model.EncoderConfig;
import io.snclr.model.EncoderSpec;
import io.snclr.model.PretrainedWeights;
import io.snclr.rundir.EncoderFiles;
import java.nio.file.Path;

/** A pre-trained encoder from a run directory, with its input transform and the labelled splits to evaluate on. */
public record SavedRun(Encoder encoder, BatchAugmenter transform, ImageSet train, ImageSet test) {

    public static SavedRun open(Path run, DataConfig data, Engine engine, long seed) {
        EncoderFiles.Meta meta = EncoderFiles.readMeta(run);
        ImageSet train = new DataSplits(data).train(seed);
        ImageSet test = testSplit(data, seed, train);
        if (train.channels() != meta.spec().inChannels()) {
            throw new IllegalArgumentException(
                    "--data: images have " + train.channels() + " channel(s), the encoder in " + run + " expects "
                            + meta.spec().inChannels());
        }
        Encoder encoder = EncoderFiles.load(run, engine.device());
        BatchAugmenter transform =
                BatchAugmenter.forEvaluation(new Normalization(meta.mean(), meta.std()), seed, engine.device());
        return new SavedRun(encoder, transform, train, test);
    }

    /**
     * A backbone from a state_dict file ({@code --init-from}: an export, a torchvision/timm model), normalised with
     * the training split's own per-channel statistics.
     */
    public static SavedRun fromWeights(EncoderConfig config, DataConfig data, Engine engine, long seed) {
        ImageSet train = new DataSplits(data).train(seed);
        ImageSet test = testSplit(data, seed, train);
        EncoderSpec spec = config.spec(train.channels(), train.height(), train.width());
        Encoder encoder = spec.create();
        PretrainedWeights.load(config.initPath(), encoder, spec.describe());
        ModuleState.toDevice(encoder.module(), engine.device());
        return new SavedRun(
                encoder, BatchAugmenter.forEvaluation(Normalization.of(train), seed, engine.device()), train, test);
    }

    private static ImageSet testSplit(DataConfig data, long seed, ImageSet train) {
        ImageSet test = new DataSplits(data).test(seed, train);
        if (test == null)
            throw new IllegalArgumentException("--test-data: evaluation on ImageFolder data needs a test split");
        return test;
    }
}
