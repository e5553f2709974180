package io.snclr.cli;

import io.snclr.config.ConfigKey;
import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigs;
import io.snclr.data.ImageSet;
import io.snclr.data.Subsets;
import io.snclr.engine.Engine;
import io.snclr.eval.SupervisedConfig;
import io.snclr.eval.SupervisedEvaluation;
import io.snclr.eval.SupervisedResult;
import io.snclr.files.AtomicFile;
import io.snclr.run.SavedRun;
import io.snclr.rundir.RunFiles;
import io.snclr.rundir.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr finetune}: semi-supervised fine-tuning of the whole network on a class-balanced labelled subset. */
@Command(
        name = "finetune",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description =
                "Fine-tune a pre-trained encoder plus a linear head on a class-balanced 1%% or 10%% labelled subset.")
public final class FinetuneCommand implements Callable<Integer>, RunSettings {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", description = "run directory with encoder.pt and encoder.json (or give --init-from)")
    Path run;

    @Option(names = "--out", description = "directory for the result with --init-from (default: <run>/finetune-...)")
    Path outDir;

    @Option(
            names = "--labels",
            defaultValue = "10%",
            description = "labelled fraction of the training split, e.g. 1%% or 10%%")
    String labels;

    @Option(names = "--epochs", defaultValue = "30")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "256")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.05")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "5e-4")
    double weightDecay;

    @Option(names = "--crop-min", defaultValue = "0.2")
    double cropMin;

    @Override
    public String[] sections() {
        return new String[] {"data", "encoder", "engine"};
    }

    @Override
    public Integer call() throws IOException {
        RunConfig cfg =
                run != null ? RunOptions.forSavedRun(spec, run) : RunOptions.resolve(spec, RunConfig.DEFAULT, null);
        boolean fromFile = cfg.encoder().initFrom() != null;
        if ((run == null) != fromFile) {
            throw new IllegalArgumentException("finetune: give either --run (a pre-training run) or --init-from (a "
                    + "state_dict file, with --encoder and --out)");
        }
        if (fromFile && outDir == null) throw new IllegalArgumentException("--out: required with --init-from");
        if (run != null) {
            Map<String, String> given = RunOptions.given(spec);
            for (ConfigKey k : RunConfigs.keys("encoder")) {
                if (given.containsKey(k.flag())) {
                    throw new IllegalArgumentException(
                            "--" + k.flag() + ": the encoder of --run " + run + " is used as saved");
                }
            }
        }
        double fraction = parseFraction(labels);
        SupervisedConfig sup = new SupervisedConfig(epochs, batchSize, lr, weightDecay, cfg.seed());
        String name = "finetune-" + labels.replace("%", "pct") + "-seed" + cfg.seed();
        Path out = outDir != null ? outDir : run.resolve(name);
        if (Files.exists(out.resolve(RunFiles.SUMMARY))) {
            throw new IllegalArgumentException(
                    out + " already holds this fine-tuning result (another --seed or --out gives a new one)");
        }
        Engine eng = cfg.engine().start();
        SavedRun saved = fromFile
                ? SavedRun.fromWeights(cfg.encoder(), cfg.data(), eng, cfg.seed())
                : SavedRun.open(run, cfg.data(), eng, cfg.seed());
        ImageSet train = saved.train();
        int n = Math.max(train.numClasses(), (int) Math.round(fraction * train.size()));
        int[] subset = Subsets.classBalanced(train.labels(), train.numClasses(), n, cfg.seed());
        AtomicFile.writeString(
                out.resolve(RunFiles.LABELLED_INDICES),
                Arrays.stream(subset).mapToObj(Integer::toString).collect(Collectors.joining("\n")) + "\n");

        SupervisedResult r = new SupervisedEvaluation(saved.encoder(), saved.transform(), eng.device())
                .finetune(train.subset(subset), saved.test(), sup, cropMin);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("labels", labels);
        summary.put("labelled_images", subset.length);
        summary.put("epochs", epochs);
        summary.put("top1", r.top1());
        summary.put("top5", r.top5());
        summary.put("test_images", r.testSize());
        summary.put("seconds", Math.round(r.seconds()));
        RunSummary.write(out, summary);
        spec.commandLine()
                .getOut()
                .printf(
                        "fine-tune on %d labelled images (%s): top-1 %.2f%%  top-5 %.2f%% on %d test "
                                + "images; indices in %s%n",
                        subset.length,
                        labels,
                        100 * r.top1(),
                        100 * r.top5(),
                        r.testSize(),
                        out.resolve("labelled-indices.txt"));
        return 0;
    }

    static double parseFraction(String s) {
        try {
            double v =
                    s.endsWith("%") ? Double.parseDouble(s.substring(0, s.length() - 1)) / 100 : Double.parseDouble(s);
            if (v > 0 && v <= 1) return v;
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("--labels: expected a percentage such as 1% or 10%, got '" + s + "'");
    }
}
