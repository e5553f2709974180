package io.snclr.cli;

import io.snclr.config.RunConfig;
import io.snclr.engine.OpOverhead;
import io.snclr.files.Json;
import io.snclr.method.Phase;
import io.snclr.run.Benchmark;
import io.snclr.run.InferenceBenchmark;
import io.snclr.rundir.Metric;
import io.snclr.train.LoaderTiming;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snclr bench}: times the pre-training step of a run configuration with augmentation done inline, so each
 * phase is measured: augment, momentum update, forward, queue+loss, backward, optimizer. Medians over the timed steps.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Benchmark the pre-training step: medians of s/step, images/s, each phase, and resident memory.")
public final class BenchCommand implements Callable<Integer>, RunSettings {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            description = "a recipe (snclr recipes lists them) or a YAML file of settings (sections as in a run's "
                    + "config.yaml, or flat flag names); flags win")
    String config;

    @Option(names = "--steps", defaultValue = "10", description = "timed steps")
    int steps;

    @Option(names = "--warmup-steps", defaultValue = "2", description = "untimed steps first")
    int warmupSteps;

    @Option(names = "--report", description = "also write the medians as JSON to this file")
    Path report;

    @Option(
            names = "--pipeline",
            description =
                    "time the data loader alone (decode with --workers, both views' " + "augmentation), no training")
    boolean pipeline;

    @Option(
            names = "--inference",
            description = "time the backbone's forward as snclr embed runs it (eval mode, no gradient), on prepared "
                    + "pixels: images/s at --batch-size, no training")
    boolean inference;

    @Option(
            names = "--ops",
            paramLabel = "CALLS",
            description = "time the cost of issuing small ops from Java (add, 64x64 mm, a tiny conv), in µs per call")
    Integer ops;

    @Override
    public String[] sections() {
        return new String[] {"data", "views", "encoder", "heads", "method", "optim", "engine"};
    }

    @Override
    public Integer call() throws InterruptedException {
        RunConfig cfg = RunOptions.resolve(spec, RunConfig.DEFAULT, config);
        PrintWriter out = spec.commandLine().getOut();
        if (pipeline) return pipeline(cfg, out);
        if (ops != null) {
            if (ops < 1000) throw new IllegalArgumentException("--ops must be >= 1000, got " + ops);
            cfg.engine().start();
            Map<String, Double> us = OpOverhead.measure(ops);
            out.printf(
                    "bench --ops: %d calls each, %d thread(s)%n",
                    ops, cfg.engine().threads());
            us.forEach((name, v) -> out.printf("  %-36s %7.2f µs/op%n", name, v));
            if (report != null) Json.write(report, us);
            return 0;
        }
        if (inference) {
            InferenceBenchmark.Result r = InferenceBenchmark.run(cfg, warmupSteps, steps);
            out.printf(
                    "bench --inference: %s, %d px, batch %d, %d threads: %.1f images/s (%.3f s/batch, median)%n",
                    cfg.encoder().describe(),
                    cfg.data().imageSize(),
                    r.batch(),
                    r.threads(),
                    r.imagesPerSecond(),
                    r.secondsPerBatch());
            if (report != null) Json.write(report, r);
            return 0;
        }
        Benchmark.Result r = Benchmark.run(cfg, warmupSteps, steps);
        out.printf(
                "bench: %s, %s, batch %d, %d threads, %d timed steps (median)%n",
                cfg.methodName(), cfg.encoder().describe(), cfg.optim().batchSize(), r.threads(), r.steps());
        out.printf("  step          %8.3f s   %8.1f images/s%n", r.secondsPerStep(), r.imagesPerSecond());
        for (Phase p : Phase.values()) {
            double t = r.phases().get(p);
            out.printf(
                    "  %-13s %8.3f s   %5.1f%%%n",
                    p == Phase.DATA ? "augment" : p.label(), t, 100 * t / r.secondsPerStep());
        }
        out.printf(
                "  data loader   %8.1f images/s (gather + two views, one thread of work)%n",
                cfg.optim().batchSize() / r.phases().get(Phase.DATA));
        out.printf("  resident memory %.0f MB (peak %.0f MB)%n", r.rssMb(), r.peakRssMb());
        out.flush();
        if (report != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("method", cfg.methodName());
            json.put("batch_size", cfg.optim().batchSize());
            json.put("steps", r.steps());
            json.put("s_per_step", r.secondsPerStep());
            json.put("images_per_s", r.imagesPerSecond());
            for (Phase p : Phase.values())
                json.put(p.metric() + "_s", r.phases().get(p));
            json.put(Metric.RSS_MB, r.rssMb());
            json.put("peak_rss_mb", r.peakRssMb());
            Json.write(report, json);
        }
        return 0;
    }

    private int pipeline(RunConfig cfg, PrintWriter out) throws InterruptedException {
        LoaderTiming.Result r = Benchmark.pipeline(cfg, warmupSteps, steps);
        double perSecond = r.batchSize() / Benchmark.median(r.between());
        double decode = r.decode().isEmpty() ? 0 : Benchmark.median(r.decode()),
                augment = Benchmark.median(r.augment());
        out.printf(
                "bench --pipeline: %s, %d px, batch %d, %d decode workers, %d timed batches (median)%n",
                cfg.data().source(),
                cfg.data().imageSize(),
                cfg.optim().batchSize(),
                cfg.data().workerCount(),
                r.between().size());
        out.printf("  loader        %8.1f images/s (both views, decoding overlapped with augmentation)%n", perSecond);
        out.printf("  decode        %8.3f s/batch (crops of the originals, on the workers)%n", decode);
        out.printf("  augment       %8.3f s/batch (colour transforms as batched tensor ops)%n", augment);
        out.flush();
        if (report != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("source", cfg.data().source());
            json.put("image_size", cfg.data().imageSize());
            json.put("batch_size", cfg.optim().batchSize());
            json.put("workers", cfg.data().workerCount());
            json.put("images_per_s", perSecond);
            json.put("decode_s_per_batch", decode);
            json.put("augment_s_per_batch", augment);
            Json.write(report, json);
        }
        return 0;
    }
}
