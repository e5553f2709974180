package io.snclr.cli;

import io.snclr.config.RunConfig;
import io.snclr.engine.Engine;
import io.snclr.eval.LinearMode;
import io.snclr.eval.SupervisedConfig;
import io.snclr.eval.SupervisedEvaluation;
import io.snclr.eval.SupervisedResult;
import io.snclr.files.Json;
import io.snclr.run.SavedRun;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr linear}: linear probe on the frozen encoder of a run. */
@Command(
        name = "linear",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Linear probe on a frozen pre-trained encoder: SGD (momentum 0.9, no weight decay), cosine lr.")
public final class LinearCommand implements Callable<Integer>, RunSettings {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, description = "run directory with encoder.pt and encoder.json")
    Path run;

    @Option(
            names = "--mode",
            defaultValue = "fast",
            description = "fast: features extracted once, no augmentation; augment: crop + flip every epoch")
    LinearMode mode;

    @Option(names = "--epochs", defaultValue = "90")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "256")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.1")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "0")
    double weightDecay;

    @Option(names = "--crop-min", defaultValue = "0.2", description = "smallest crop scale (augment mode)")
    double cropMin;

    @Option(names = "--report", description = "also write the result as JSON to this file")
    Path report;

    @Override
    public String[] sections() {
        return new String[] {"data", "engine"};
    }

    @Override
    public Integer call() {
        RunConfig cfg = RunOptions.forSavedRun(spec, run);
        SupervisedConfig sup = new SupervisedConfig(epochs, batchSize, lr, weightDecay, cfg.seed());
        Engine eng = cfg.engine().start();
        SavedRun saved = SavedRun.open(run, cfg.data(), eng, cfg.seed());
        SupervisedEvaluation eval = new SupervisedEvaluation(saved.encoder(), saved.transform(), eng.device());
        SupervisedResult r = mode == LinearMode.FAST
                ? eval.linearFast(saved.train(), saved.test(), sup)
                : eval.linearAugmented(saved.train(), saved.test(), sup, cropMin);
        spec.commandLine()
                .getOut()
                .printf(
                        "linear (%s, %d epochs) %d train / %d test images: top-1 %.2f%%  top-5 %.2f%%" + "  (%.0f s)%n",
                        mode, epochs, r.trainSize(), r.testSize(), 100 * r.top1(), 100 * r.top5(), r.seconds());
        if (report != null) {
            Json.write(
                    report,
                    Map.of(
                            "mode",
                            mode.toString(),
                            "epochs",
                            epochs,
                            "top1",
                            r.top1(),
                            "top5",
                            r.top5(),
                            "seconds",
                            r.seconds()));
        }
        return 0;
    }
}
