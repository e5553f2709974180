package io.snclr.cli;

import io.snclr.config.RunConfig;
import io.snclr.engine.Engine;
import io.snclr.eval.KnnResult;
import io.snclr.run.SavedRun;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr knn}: weighted kNN accuracy of a saved encoder on the test split. */
@Command(
        name = "knn",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "kNN top-1/top-5 of a pre-trained encoder: L2-normalised features, cosine, weighted vote.")
public final class KnnCommand implements Callable<Integer>, RunSettings {
    private static final Logger LOG = LoggerFactory.getLogger(KnnCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, description = "run directory with encoder.pt and encoder.json")
    Path run;

    @Override
    public String[] sections() {
        return new String[] {"data", "eval", "engine"};
    }

    @Override
    public Integer call() {
        RunConfig cfg = RunOptions.forSavedRun(spec, run);
        Engine eng = cfg.engine().start();
        SavedRun saved = SavedRun.open(run, cfg.data(), eng, cfg.seed());
        KnnResult r;
        int images =
                saved.train().size() + (saved.test() == null ? 0 : saved.test().size());
        try (CommandProgress progress = CommandProgress.open("knn", images, "images embedded", LOG)) {
            r = cfg.eval().knn().run(saved.encoder(), saved.transform(), saved.train(), saved.test(), progress);
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "kNN (k=%d, T=%.2f) %d train / %d test images: top-1 %.2f%%  top-5 %.2f%%%n",
                        r.k(), r.temperature(), r.trainSize(), r.testSize(), 100 * r.top1(), 100 * r.top5());
        EvalLog.add(run, Map.of("knn_top1", r.top1(), "knn_top5", r.top5()));
        return 0;
    }
}
