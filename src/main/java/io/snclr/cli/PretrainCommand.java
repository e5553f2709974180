package io.snclr.cli;

import io.snclr.dist.SingleProcess;
import io.snclr.engine.Engine;
import io.snclr.method.Metric;
import io.snclr.run.PretrainRun;
import io.snclr.run.RunConfig;
import io.snclr.run.RunDirectory;
import io.snclr.run.RunLock;
import io.snclr.train.StopSignal;
import io.snclr.train.TrainResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr pretrain}: self-supervised pre-training, then the final encoder, kNN accuracy and a report. */
@Command(name = "pretrain", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
        description = "Pre-train an encoder (SNCLR by default) and evaluate it by kNN. Settings: flags, a YAML --config, "
                + "or the resumed run's config.yaml; flags win.")
public final class PretrainCommand implements Callable<Integer>, RunSettings {
    private static final long STOP_GRACE_SECONDS = 120;
    @Spec CommandSpec spec;

    @Option(names = "--config", description = "YAML file of settings (sections as in a run's config.yaml, or flat "
            + "flag names)")
    Path config;
    @Option(names = "--out", description = "run directory (default: runs/<method>-<time>)")
    Path out;
    @Option(names = "--resume", description = "continue the run in this directory from its checkpoint")
    Path resume;
    @Option(names = "--allow-change", description = "with --resume: accept settings that change the run's plan (batch "
            + "size, data, method, ...); the old config.yaml is kept as config.before-change-N.yaml")
    boolean allowChange;

    @Override
    public String[] sections() {
        return RunOptions.TRAINING.toArray(String[]::new);
    }

    @Override
    public Integer call() throws Exception {
        RunConfig base = RunConfig.DEFAULT;
        if (resume != null) {
            base = RunDirectory.config(resume, "--resume");
            RunDirectory.requireCheckpoint(resume, "--resume");
        }
        RunConfig cfg = RunOptions.resolve(spec, base, config);
        List<String> changes = resume != null ? RunDirectory.planChanges(base, cfg) : List.of();
        if (!changes.isEmpty() && !allowChange) {
            throw new IllegalArgumentException("--resume " + resume + ": these settings change the run's plan: "
                    + String.join(", ", changes) + " (add --allow-change to accept and record them)");
        }
        Path dir = resume != null ? resume : RunDirectory.fresh(out, cfg.methodName());
        Engine engine = cfg.engine().start();
        PretrainRun run = PretrainRun.assemble(cfg, engine, dir, new SingleProcess());
        try (RunLock lock = RunLock.acquire(dir)) {
            if (resume == null) RunDirectory.create(dir, cfg);
            if (!changes.isEmpty()) RunDirectory.recordChange(dir, cfg);
            return trainAndFinish(run, dir);
        }
    }

    /**
     * Trains with SIGINT/SIGTERM caught: the step in progress finishes and a checkpoint is written before the process
     * ends (exit 130 / 143, the JVM's codes for those signals).
     */
    private int trainAndFinish(PretrainRun run, Path dir) throws InterruptedException {
        StopSignal stop = new StopSignal();
        Thread hook = new Thread(() -> {
            stop.request();
            try {
                if (!stop.awaitStopped(STOP_GRACE_SECONDS)) {
                    System.err.println("snclr pretrain: the step in progress did not finish within " + STOP_GRACE_SECONDS
                            + " s; the last checkpoint in " + dir + " is intact");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "snclr-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        TrainResult result;
        try {
            result = run.train(resume != null, stop);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the acknowledgement train() has given
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        long total = run.trainer().totalSteps();
        if (!result.finished(total)) {
            stdout.printf("stopped after step %d of %d; continue with: snclr pretrain --resume %s%n", result.endStep(),
                    total, dir);
            return 0;
        }
        Map<String, Object> summary = run.finish(result);
        if (summary.containsKey(Metric.KNN_TOP1)) {
            stdout.printf("kNN (k=%s, T=%.2f) on %s test images: top-1 %.2f%%  top-5 %.2f%%%n", summary.get("knn_k"),
                    (double) summary.get("knn_temperature"), summary.get("test_images"),
                    100 * (double) summary.get(Metric.KNN_TOP1), 100 * (double) summary.get(Metric.KNN_TOP5));
        }
        stdout.println("report: " + dir.resolve(io.snclr.train.RunFiles.REPORT_HTML));
        stdout.println("run directory: " + dir);
        return 0;
    }
}
