package io.snclr.cli;

import io.snclr.engine.Engine;
import io.snclr.eval.KnnEvaluation;
import io.snclr.eval.KnnResult;
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
        YamlDefaults.checkKeys(spec);
        Engine eng = engine.start();
        SavedRun saved = SavedRun.open(run, eng, dataOptions, engine.seed);
        KnnResult r = new KnnEvaluation(knnK, knnTemperature, evalBatch).run(saved.encoder(), saved.transform(), saved.train(), saved.test());
        spec.commandLine().getOut().printf("kNN (k=%d, T=%.2f) %d train / %d test images: top-1 %.2f%%  top-5 %.2f%%%n",
                r.k(), r.temperature(), r.trainSize(), r.testSize(), 100 * r.top1(), 100 * r.top5());
        return 0;
    }
}
