package io.snclr.run;

import io.snclr.augment.BatchAugmenter;
import io.snclr.config.RunConfig;
import io.snclr.data.DataSplits;
import io.snclr.data.ImageSet;
import io.snclr.dist.SingleProcess;
import io.snclr.engine.Engine;
import io.snclr.method.PretrainMethod;
import io.snclr.rundir.Checkpoints;
import java.nio.file.Path;

/**
 * A run's method as it was trained: rebuilt from the run's configuration and loaded from its newest intact
 * checkpoint (one a manifest vouches for), without an optimiser or a trainer. What {@code neighbors} shows.
 *
 * @param test the test split, or null when the data has none
 */
public record TrainedMethod(PretrainMethod method, ImageSet train, ImageSet test, BatchAugmenter augmenter) {
    public static TrainedMethod open(Path run, RunConfig config, Engine engine) {
        Checkpoints.Loaded saved = Checkpoints.load(run, config.seed());
        ImageSet train = new DataSplits(config.data()).train(config.seed());
        BatchAugmenter augmenter = config.augmenter(train, engine.device());
        PretrainMethod method = PretrainRun.buildMethod(config, engine, train, augmenter, new SingleProcess())
                .method();
        method.load(saved.state());
        return new TrainedMethod(method, train, PretrainRun.testSplit(config, train), augmenter);
    }
}
