package io.snclr.cli;

import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigFile;
import io.snclr.dist.C10dCollective;
import io.snclr.dist.Collective;
import io.snclr.dist.DistEnv;
import io.snclr.dist.Launcher;
import io.snclr.dist.SingleProcess;
import io.snclr.engine.Device;
import io.snclr.engine.Engine;
import io.snclr.run.PretrainRun;
import io.snclr.rundir.Metric;
import io.snclr.rundir.RunDirectory;
import io.snclr.rundir.RunFiles;
import io.snclr.rundir.RunLock;
import io.snclr.train.StopSignal;
import io.snclr.train.TrainResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr pretrain}: self-supervised pre-training, then the final encoder, kNN accuracy and a report. */
@Command(
        name = "pretrain",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description =
                "Pre-train an encoder (SNCLR by default) and evaluate it by kNN. Settings: flags, a YAML --config, "
                        + "or the resumed run's config.yaml; flags win.")
public final class PretrainCommand implements Callable<Integer>, RunSettings {
    private static final long STOP_GRACE_SECONDS = 120;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            description = "YAML file of settings (sections as in a run's config.yaml, or flat " + "flag names)")
    Path config;

    @Option(names = "--out", description = "run directory (default: runs/<method>-<time>)")
    Path out;

    @Option(names = "--resume", description = "continue the run in this directory from its checkpoint")
    Path resume;

    @Option(
            names = "--allow-change",
            description = "with --resume: accept settings that change the run's plan (batch "
                    + "size, data, method, ...); the old config.yaml is kept as config.before-change-N.yaml")
    boolean allowChange;

    @Option(
            names = "--nproc",
            defaultValue = "1",
            description = "data-parallel worker processes on this machine "
                    + "(c10d/Gloo; --batch-size is the global batch). Several machines: start one process per rank with RANK, "
                    + "WORLD_SIZE, MASTER_ADDR, MASTER_PORT set, as torchrun does")
    int nproc;

    @Override
    public String[] sections() {
        return RunOptions.TRAINING.toArray(String[]::new);
    }

    @Override
    public Integer call() throws Exception {
        RunConfig base = RunConfig.DEFAULT;
        if (resume != null) {
            base = RunConfigFile.read(resume, "--resume");
            RunDirectory.requireCheckpoint(resume, "--resume");
        }
        RunConfig cfg = RunOptions.resolve(spec, base, config);
        List<String> changes = resume != null ? RunConfigFile.planChanges(base, cfg) : List.of();
        if (!changes.isEmpty() && !allowChange) {
            throw new IllegalArgumentException("--resume " + resume + ": these settings change the run's plan: "
                    + String.join(", ", changes) + " (add --allow-change to accept and record them)");
        }
        if (nproc < 1) throw new IllegalArgumentException("--nproc must be >= 1, got " + nproc);
        Optional<DistEnv> rank = DistEnv.from(System.getenv());
        if (nproc > 1 && rank.isEmpty())
            return launch(resume != null ? resume : RunDirectory.fresh(out, cfg.methodName()));
        if (rank.isPresent()) return asRank(rank.get(), cfg, changes);
        Path dir = resume != null ? resume : RunDirectory.fresh(out, cfg.methodName());
        Engine engine = cfg.engine().start();
        Collective alone = new SingleProcess();
        return asLeader(PretrainRun.assemble(cfg, engine, dir, alone), dir, cfg, changes, alone);
    }

    /**
     * The process that writes the run (the only one, or rank 0): it locks the directory, records the configuration
     * and any change to it, lets the other ranks start ({@code barrier}) and trains.
     */
    private int asLeader(PretrainRun run, Path dir, RunConfig cfg, List<String> changes, Collective collective)
            throws InterruptedException {
        try (RunLock lock = RunLock.acquire(dir)) {
            if (resume == null) RunConfigFile.write(dir, cfg);
            if (!changes.isEmpty()) RunConfigFile.recordChange(dir, cfg);
            collective.barrier();
            return trainAndFinish(run, dir, true);
        }
    }

    /** {@code --nproc N}: this command again as N local ranks, all on {@code dir}, the cores shared between them. */
    private int launch(Path dir) throws Exception {
        List<String> args = new ArrayList<>(); // the original command line, "pretrain" included
        List<String> given = spec.commandLine().getParseResult().originalArgs();
        for (int i = 0; i < given.size(); i++) {
            String a = given.get(i);
            if (a.equals("--nproc")) i++;
            else if (!a.startsWith("--nproc=")) args.add(a);
        }
        if (resume == null && out == null) args.addAll(List.of("--out", dir.toString()));
        if (!RunOptions.given(spec).containsKey("threads")) {
            args.addAll(List.of(
                    "--threads", String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() / nproc))));
        }
        return Launcher.run(nproc, Main.class.getName(), args);
    }

    /**
     * One rank of a data-parallel run: rank 0 locks and writes the run directory (config, checkpoints, metrics,
     * encoder, report); the others train beside it on the same directory, which several machines must share.
     */
    private int asRank(DistEnv env, RunConfig cfg, List<String> changes) throws Exception {
        if (resume == null && out == null) {
            throw new IllegalArgumentException("--out: required when this process is one of WORLD_SIZE="
                    + env.worldSize() + " (every rank writes to the same run directory)");
        }
        Path dir = resume != null ? resume : out;
        if (env.rank() == 0 && resume == null) RunDirectory.fresh(out, cfg.methodName());
        if (cfg.engine().device().isCuda()) { // one GPU per local rank, as torchrun's users expect
            cfg = cfg.withEngine(cfg.engine().withDevice(Device.parse("cuda:" + env.localRank())));
        }
        Engine engine = cfg.engine().start();
        try (C10dCollective collective =
                C10dCollective.connect(env, collectiveTimeout(), cfg.engine().device())) {
            PretrainRun run = PretrainRun.assemble(cfg, engine, dir, collective);
            if (collective.isLeader()) return asLeader(run, dir, cfg, changes, collective);
            collective.barrier(); // rank 0 has created the run directory
            return trainAndFinish(run, dir, false);
        }
    }

    /** How long a collective waits for the other ranks before this one gives up: SNCLR_DIST_TIMEOUT seconds, 300. */
    private static Duration collectiveTimeout() {
        String v = System.getenv().getOrDefault("SNCLR_DIST_TIMEOUT", "300");
        try {
            long s = Long.parseLong(v.strip());
            if (s > 0) return Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            // the error below
        }
        throw new IllegalArgumentException("SNCLR_DIST_TIMEOUT: expected seconds > 0, got '" + v + "'");
    }

    /**
     * Trains with SIGINT/SIGTERM caught: the step in progress finishes and a checkpoint is written before the process
     * ends (exit 130 / 143, the JVM's codes for those signals).
     *
     * @param leader whether this process writes the results (the only one, or rank 0)
     */
    private int trainAndFinish(PretrainRun run, Path dir, boolean leader) throws InterruptedException {
        StopSignal stop = new StopSignal();
        Thread hook = new Thread(
                () -> {
                    stop.request();
                    try {
                        if (!stop.awaitStopped(STOP_GRACE_SECONDS)) {
                            System.err.println("snclr pretrain: the step in progress did not finish within "
                                    + STOP_GRACE_SECONDS + " s; the last checkpoint in " + dir + " is intact");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "snclr-stop");
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
        if (!leader) return 0;
        PrintWriter stdout = spec.commandLine().getOut();
        long total = run.trainer().totalSteps();
        if (!result.finished(total)) {
            stdout.printf(
                    "stopped after step %d of %d; continue with: snclr pretrain --resume %s%n",
                    result.endStep(), total, dir);
            return 0;
        }
        Map<String, Object> summary = run.finish(result);
        if (summary.containsKey(Metric.KNN_TOP1)) {
            stdout.printf(
                    "kNN (k=%s, T=%.2f) on %s test images: top-1 %.2f%%  top-5 %.2f%%%n",
                    summary.get("knn_k"),
                    (double) summary.get("knn_temperature"),
                    summary.get("test_images"),
                    100 * (double) summary.get(Metric.KNN_TOP1),
                    100 * (double) summary.get(Metric.KNN_TOP5));
        }
        stdout.println("report: " + dir.resolve(RunFiles.REPORT_HTML));
        stdout.println("run directory: " + dir);
        return 0;
    }
}
