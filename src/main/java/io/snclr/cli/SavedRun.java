package io.snclr.cli;

import io.snclr.augment.BatchAugmenter;
import io.snclr.augment.Normalization;
import io.snclr.augment.ViewConfig;
import io.snclr.data.DataSpec;
import io.snclr.data.ImageSet;
import io.snclr.engine.Engine;
import io.snclr.model.Encoder;
import io.snclr.model.EncoderFiles;
import java.nio.file.Path;

/** A pre-trained encoder from a run directory, with its input transform and the labelled splits to evaluate on. */
record SavedRun(Encoder encoder, BatchAugmenter transform, ImageSet train, ImageSet test) {

    static SavedRun open(Path run, Engine engine, DataOptions data, long seed) {
        EncoderFiles.Meta meta = EncoderFiles.readMeta(run);
        DataSpec spec = data.spec(seed);
        ImageSet train = spec.train();
        ImageSet test = spec.test();
        if (test == null) throw new IllegalArgumentException("--test-data: evaluation on ImageFolder data needs a test split");
        if (train.channels() != meta.spec().inChannels()) {
            throw new IllegalArgumentException("--data: images have " + train.channels() + " channel(s), the encoder in "
                    + run + " expects " + meta.spec().inChannels());
        }
        Encoder encoder = EncoderFiles.load(run, engine.deviceName());
        // only plain() and view(cropFlip) are used: the pre-training views' recipe does not matter here
        BatchAugmenter transform = new BatchAugmenter(ViewConfig.cropFlip(0.2), ViewConfig.cropFlip(0.2),
                new Normalization(meta.mean(), meta.std()), seed, engine.deviceName());
        return new SavedRun(encoder, transform, train, test);
    }
}
