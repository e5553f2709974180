package io.snclr.cli;

import io.snclr.augment.BatchAugmenter;
import io.snclr.augment.Normalization;
import io.snclr.augment.ViewConfig;
import io.snclr.data.ImageSet;
import io.snclr.engine.Engine;
import io.snclr.eval.KnnEvaluation;
import io.snclr.eval.KnnResult;
import io.snclr.model.Encoder;
import io.snclr.model.EncoderFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr knn}: weighted kNN accuracy of a saved encoder on the test split. */
@Command(name = "knn", mixinStandardHelpOptions = true, sortOptions = false,
        description = "kNN top-1/top-5 of a pre-trained encoder: L2-normalised features, cosine, weighted vote.")
public final class KnnCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin EngineOptions engine = new EngineOptions();
    @Mixin DataOptions dataOptions = new DataOptions();

    @Option(names = "--run", required = true, description = "run directory with encoder.pt and encoder.json")
    Path run;
    @Option(names = "--config", description = "YAML file of option values")
    Path config;
    @Option(names = "--knn-k", defaultValue = "200") int knnK;
    @Option(names = "--knn-temperature", defaultValue = "0.07") double knnTemperature;
    @Option(names = "--eval-batch", defaultValue = "512") int evalBatch;

    @Override
    public Integer call() {
        if (spec.commandLine().getDefaultValueProvider() instanceof YamlDefaults y) y.check(spec);
        Engine eng = engine.start();
        EncoderFiles.Meta meta = EncoderFiles.readMeta(run);
        Encoder encoder = EncoderFiles.load(run, eng.deviceName());
        ImageSet train = dataOptions.spec(engine.seed).train();
        ImageSet test = dataOptions.spec(engine.seed).test();
        if (test == null) throw new IllegalArgumentException("--test-data: kNN on ImageFolder data needs a test split");
        if (train.channels() != meta.spec().inChannels()) {
            throw new IllegalArgumentException("--data: images have " + train.channels() + " channel(s), the encoder in "
                    + run + " expects " + meta.spec().inChannels());
        }
        BatchAugmenter plain = new BatchAugmenter(ViewConfig.byolFirst(0.2), ViewConfig.byolSecond(0.2),
                new Normalization(meta.mean(), meta.std()), engine.seed, eng.deviceName());
        KnnResult r = new KnnEvaluation(knnK, knnTemperature, evalBatch).run(encoder, plain, train, test);
        spec.commandLine().getOut().printf("kNN (k=%d, T=%.2f) %d train / %d test images: top-1 %.2f%%  top-5 %.2f%%%n",
                r.k(), r.temperature(), r.trainSize(), r.testSize(), 100 * r.top1(), 100 * r.top5());
        return 0;
    }
}
