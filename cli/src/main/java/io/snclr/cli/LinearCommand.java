package io.snclr.cli;

import io.snclr.api.CsvLine;
import io.snclr.config.RunConfig;
import io.snclr.data.ImageSet;
import io.snclr.engine.Engine;
import io.snclr.eval.EvalConfig;
import io.snclr.eval.LinearMode;
import io.snclr.eval.SupervisedConfig;
import io.snclr.eval.SupervisedEvaluation;
import io.snclr.eval.SupervisedResult;
import io.snclr.files.Json;
import io.snclr.run.SavedRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        description = "Linear probe on a frozen pre-trained encoder, by default as the run's recipe says (MoCo v3's "
                + "protocol: SGD momentum 0.9, no weight decay, lr x batch/256, cosine, 90 epochs, crop + flip).")
public final class LinearCommand implements Callable<Integer>, RunSettings {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, description = "run directory with encoder.pt and encoder.json")
    Path run;

    @Option(
            names = "--mode",
            description = "augment: crop + flip every epoch through the frozen encoder (the protocol); fast: features "
                    + "extracted once, no augmentation (default: the run's recipe)")
    LinearMode mode;

    @Option(names = "--epochs", description = "default: the run's recipe (90)")
    Integer epochs;

    @Option(names = "--batch-size", description = "default: the run's recipe (1024)")
    Integer batchSize;

    @Option(names = "--lr", description = "learning rate per 256 images (default: the recipe's, 0.1 ResNet, 3 ViT)")
    Double lr;

    @Option(names = "--weight-decay", description = "default: the run's recipe (0)")
    Double weightDecay;

    @Option(names = "--crop-min", description = "smallest crop area in augment mode (default: the recipe's, 0.08)")
    Double cropMin;

    @Option(names = "--report", description = "also write the result as JSON to this file")
    Path report;

    @Option(
            names = "--train-subset",
            description = "train the probe on these training images only: a CSV with a path column naming them as "
                    + "'snclr embed --run RUN --split train' does (DATA/train/INDEX), such as a selection.csv")
    Path trainSubset;

    @Override
    public String[] sections() {
        return new String[] {"data", "engine"};
    }

    @Override
    public Integer call() {
        RunConfig cfg = RunOptions.forSavedRun(spec, run);
        Engine eng = cfg.engine().start();
        SavedRun saved = SavedRun.open(run, cfg.data(), eng, cfg.seed());
        EvalConfig protocol = cfg.eval();
        SupervisedConfig recipe = protocol.linear(saved.encoder().isTransformer(), cfg.seed());
        SupervisedConfig sup = new SupervisedConfig(
                epochs != null ? epochs : recipe.epochs(),
                batchSize != null ? batchSize : recipe.batchSize(),
                lr != null ? lr : recipe.lr(),
                weightDecay != null ? weightDecay : recipe.weightDecay(),
                cfg.seed());
        LinearMode m = mode != null ? mode : protocol.linearMode();
        SupervisedEvaluation eval = new SupervisedEvaluation(saved.encoder(), saved.transform(), eng.device());
        ImageSet train = trainSubset == null ? saved.train() : saved.train().subset(subset(saved.train()));
        SupervisedResult r = m == LinearMode.FAST
                ? eval.linearFast(train, saved.test(), sup)
                : eval.linearAugmented(train, saved.test(), sup, cropMin != null ? cropMin : protocol.linearCropMin());
        spec.commandLine()
                .getOut()
                .printf(
                        "linear (%s, %d epochs, batch %d, lr %s per 256) %d train / %d test images: top-1 %.2f%%  "
                                + "top-5 %.2f%%  (%.0f s)%n",
                        m,
                        sup.epochs(),
                        sup.batchSize(),
                        sup.lr(),
                        r.trainSize(),
                        r.testSize(),
                        100 * r.top1(),
                        100 * r.top5(),
                        r.seconds());
        String name = trainSubset == null ? "linear_" : "linear_subset_";
        EvalLog.add(run, Map.of(name + "top1", r.top1(), name + "top5", r.top5()));
        if (report != null) {
            Json.write(
                    report,
                    Map.of(
                            "mode",
                            m.toString(),
                            "epochs",
                            sup.epochs(),
                            "batch_size",
                            sup.batchSize(),
                            "lr_per_256",
                            sup.lr(),
                            "top1",
                            r.top1(),
                            "top5",
                            r.top5(),
                            "seconds",
                            r.seconds(),
                            "train_images",
                            r.trainSize(),
                            "test_images",
                            r.testSize()));
        }
        return 0;
    }

    /** The training split's indices named in {@link #trainSubset}. */
    private int[] subset(ImageSet train) {
        String prefix = train.name() + "/train/";
        List<String> lines;
        try {
            lines = Files.readAllLines(trainSubset, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int column = lines.isEmpty() ? -1 : CsvLine.split(lines.get(0)).indexOf("path");
        if (column < 0) throw new IllegalArgumentException("--train-subset " + trainSubset + ": no path column");
        int[] out = new int[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String path = CsvLine.split(lines.get(i)).get(column);
            int index = -1;
            if (path.startsWith(prefix)) {
                try {
                    index = Integer.parseInt(path.substring(prefix.length()));
                } catch (NumberFormatException e) {
                    index = -1;
                }
            }
            if (index < 0 || index >= train.size()) {
                throw new IllegalArgumentException("--train-subset " + trainSubset + " line " + (i + 1) + ": " + path
                        + " is not an image of this run's training split (" + prefix + "0.." + (train.size() - 1)
                        + ")");
            }
            out[i - 1] = index;
        }
        return out;
    }
}
