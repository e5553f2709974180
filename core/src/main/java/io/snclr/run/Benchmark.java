package io.snclr.run;

import io.snclr.augment.BatchAugmenter;
import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigs;
import io.snclr.data.DataSplits;
import io.snclr.data.EpochSampler;
import io.snclr.data.ImageSet;
import io.snclr.data.RankSlice;
import io.snclr.dist.SingleProcess;
import io.snclr.engine.Engine;
import io.snclr.engine.ResidentMemory;
import io.snclr.files.Trees;
import io.snclr.method.Phase;
import io.snclr.rundir.Metric;
import io.snclr.train.LoaderTiming;
import io.snclr.train.LoopConfig;
import io.snclr.train.Progress;
import io.snclr.train.TrainResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Times the pre-training step of a run configuration: augmentation inline (so every phase is measured), neighbours
 * from the first step, exactly {@code warmup + steps} steps whatever the epoch length; medians of the timed steps.
 */
public final class Benchmark {
    /** Medians of the timed steps, the process's resident memory, and the loss of every step run. */
    public record Result(
            int steps,
            double secondsPerStep,
            double imagesPerSecond,
            Map<Phase, Double> phases,
            double rssMb,
            double peakRssMb,
            int threads,
            List<Double> losses) {}

    private Benchmark() {}

    public static Result run(RunConfig config, int warmupSteps, int steps) throws InterruptedException {
        if (steps < 1 || warmupSteps < 0)
            throw new IllegalArgumentException("--steps must be >= 1, --warmup-steps >= 0");
        int total = warmupSteps + steps;
        // every epoch has at least one step, so `total` epochs always hold `total` steps
        RunConfig timed =
                RunConfigs.overrideWhereApplicable(config, Map.of("neighbor-warmup-epochs", 0, "epochs", total));
        timed = timed.withLoop(LoopConfig.DEFAULT
                .withMaxSteps(total)
                .withCheckpoints(Integer.MAX_VALUE, 0)
                .withProgress(Progress.OFF, Integer.MAX_VALUE)
                .withPrefetch(0));
        Engine engine = timed.engine().start();
        Path tmp;
        try {
            tmp = Files.createTempDirectory("snclr-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            PretrainRun run = PretrainRun.assemble(timed, engine, tmp, new SingleProcess());
            TrainResult r = run.trainer().keepingStepRecords().run(false);
            List<Map<String, Double>> rows =
                    r.steps().subList(warmupSteps, r.steps().size());
            double step = median(rows, Metric.STEP_SECONDS);
            Map<Phase, Double> phases = new EnumMap<>(Phase.class);
            for (Phase p : Phase.values()) phases.put(p, median(rows, p.metric()));
            return new Result(
                    rows.size(),
                    step,
                    config.optim().batchSize() / step,
                    phases,
                    ResidentMemory.bytes() / 1048576.0,
                    ResidentMemory.peakBytes() / 1048576.0,
                    engine.threads(),
                    r.losses());
        } finally {
            try {
                Trees.delete(tmp);
            } catch (IOException e) {
                // a temporary directory left behind is not worth failing a benchmark for
            }
        }
    }

    /**
     * Times the data loader alone on the configuration's training data: decode (with {@code --workers}) and both
     * views' augmentation, batches of {@code --batch-size}.
     */
    public static LoaderTiming.Result pipeline(RunConfig config, int warmupSteps, int steps)
            throws InterruptedException {
        if (steps < 1 || warmupSteps < 0)
            throw new IllegalArgumentException("--steps must be >= 1, --warmup-steps >= 0");
        Engine engine = config.engine().start();
        ImageSet train = new DataSplits(config.data()).train(config.seed());
        BatchAugmenter augmenter = config.augmenter(train, engine.device());
        return LoaderTiming.run(
                train,
                RankSlice.whole(
                        new EpochSampler(train.size(), config.optim().batchSize(), config.seed(), train::epochOrder),
                        config.optim().batchSize()),
                augmenter,
                warmupSteps,
                steps);
    }

    static double median(List<Map<String, Double>> rows, String key) {
        List<Double> v = new ArrayList<>();
        for (var r : rows) v.add(r.getOrDefault(key, 0.0));
        return median(v);
    }

    /** The median of {@code values} (NaN for none). */
    public static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        int n = v.size();
        return n == 0 ? Double.NaN : (n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2);
    }
}
