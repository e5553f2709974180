package io.snclr.cli;

import io.snclr.augment.BatchAugmenter;
import io.snclr.augment.Normalization;
import io.snclr.augment.ViewConfig;
import io.snclr.data.ImageSet;
import io.snclr.dist.SingleProcess;
import io.snclr.engine.Engine;
import io.snclr.engine.ResidentMemory;
import io.snclr.method.PretrainMethod;
import io.snclr.report.JsonFiles;
import io.snclr.train.EpochHook;
import io.snclr.train.TrainConfig;
import io.snclr.train.TrainResult;
import io.snclr.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snclr bench}: times the pre-training step with augmentation done inline, so each phase is measured:
 * augment, momentum update, forward, queue+loss, backward, optimizer. Reports medians over the timed steps.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmark the SNCLR step: medians of s/step, images/s and the time of each phase.")
public final class BenchCommand implements Callable<Integer> {
    private static final String[] PHASES = {"data", "momentum_update", "forward", "queue_loss", "backward", "optimizer"};

    @Spec CommandSpec spec;
    @Mixin EngineOptions engine = new EngineOptions();
    @Mixin DataOptions dataOptions = new DataOptions();
    @Mixin MethodOptions methodOptions = new MethodOptions();

    @Option(names = "--config", description = "YAML file of option values") Path config;
    @Option(names = "--batch-size", defaultValue = "256") int batchSize;
    @Option(names = "--steps", defaultValue = "10", description = "timed steps") int steps;
    @Option(names = "--warmup-steps", defaultValue = "2", description = "untimed steps first") int warmupSteps;
    @Option(names = "--optimizer", defaultValue = "adamw") String optimizer;
    @Option(names = "--report", description = "also write the medians as JSON to this file") Path report;

    @Override
    public Integer call() throws IOException, InterruptedException {
        YamlDefaults.checkKeys(spec);
        if (steps < 1 || warmupSteps < 0) throw new IllegalArgumentException("--steps must be >= 1, --warmup-steps >= 0");
        Engine eng = engine.start();
        ImageSet train = dataOptions.spec(engine.seed).train();
        double crop = ViewConfig.defaultCropMin(train.channels());
        BatchAugmenter augmenter = new BatchAugmenter(ViewConfig.byolFirst(crop), ViewConfig.byolSecond(crop),
                Normalization.of(train), engine.seed, eng.deviceName());
        PretrainMethod method = methodOptions.build(methodOptions.encoderSpec(train), eng.deviceName(), new SingleProcess(), train,
                augmenter, engine.seed);
        Path tmp = Files.createTempDirectory("snclr-bench");
        try {
            // neighbours from the first step: no neighbour warm-up in a benchmark
            TrainConfig cfg = new TrainConfig(1, batchSize, optimizer, 0.3, 1e-6, 0, 0.99, warmupSteps + steps, 1,
                    Integer.MAX_VALUE, engine.seed, false, 0);
            Trainer trainer = new Trainer(cfg, method, train, augmenter, new SingleProcess(), tmp, EpochHook.NONE);
            TrainResult r = trainer.run(false);
            List<Map<String, Double>> timed = r.steps().subList(warmupSteps, r.steps().size());
            print(timed, eng);
            if (report != null) {
                Map<String, Object> json = new java.util.LinkedHashMap<>();
                json.put("queue", methodOptions.queue);
                json.put("batch_size", batchSize);
                json.put("s_per_step", median(timed, "step_s"));
                json.put("queue_loss_s", median(timed, "t_queue_loss"));
                json.put("rss_mb", ResidentMemory.bytes() / 1048576.0);
                JsonFiles.write(report, json);
            }
        } finally {
            try (Stream<Path> files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private void print(List<Map<String, Double>> timed, Engine eng) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("bench: %s, %s, batch %d, %d threads, %d timed steps (median)%n", methodOptions.method,
                methodOptions.describeEncoder(), batchSize, eng.threads(), timed.size());
        double step = median(timed, "step_s");
        out.printf("  step          %8.3f s   %8.1f images/s%n", step, batchSize / step);
        for (String phase : PHASES) {
            double t = median(timed, "t_" + phase);
            out.printf("  %-13s %8.3f s   %5.1f%%%n", label(phase), t,
                    100 * t / step);
        }
        double augment = median(timed, "t_data");
        out.printf("  data loader   %8.1f images/s (gather + two views, one thread of work)%n", batchSize / augment);
        out.printf("  resident memory %.0f MB%n", ResidentMemory.bytes() / 1048576.0);
        out.flush();
    }

    private static String label(String phase) {
        return switch (phase) {
            case "data" -> "augment";
            case "queue_loss" -> "queue+loss";
            default -> phase.replace('_', ' ');
        };
    }

    private static double median(List<Map<String, Double>> rows, String key) {
        List<Double> v = new ArrayList<>();
        for (var r : rows) v.add(r.getOrDefault(key, 0.0));
        v.sort(null);
        int n = v.size();
        return n == 0 ? Double.NaN : (n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2);
    }
}
