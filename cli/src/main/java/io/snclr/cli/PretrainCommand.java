package io.snclr.cli;

import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigFile;
import io.snclr.dist.DistEnv;
import io.snclr.dist.Launcher;
import io.snclr.report.RunReport;
import io.snclr.run.PretrainJob;
import io.snclr.rundir.Checkpoints;
import io.snclr.rundir.PretrainSummary;
import io.snclr.rundir.RunDirectory;
import io.snclr.rundir.RunFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
    /** The exit code of a run stopped because it collapsed. */
    static final int EXIT_COLLAPSED = 3;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            description = "a recipe (snclr recipes lists them) or a YAML file of settings (sections as in a run's "
                    + "config.yaml, or flat flag names); flags win")
    String config;

    @Option(names = "--out", description = "run directory (default: runs/<method>-<time>)")
    Path out;

    @Option(names = "--resume", description = "continue the run in this directory from its checkpoint")
    Path resume;

    @Option(
            names = "--allow-change",
            description = "with --resume: accept settings that change the run's plan (batch "
                    + "size, data, method, ...) or training images that changed since it started; the old config.yaml "
                    + "is kept as config.before-change-N.yaml, the images are recorded in data.json")
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
        if (rank.isPresent() && resume == null && out == null) {
            throw new IllegalArgumentException("--out: required when this process is one of WORLD_SIZE="
                    + rank.get().worldSize() + " (every rank writes to the same run directory)");
        }
        Path dir = resume != null ? resume : RunDirectory.of(out, cfg.methodName());
        if (nproc > 1 && rank.isEmpty()) {
            List<String> given = spec.commandLine().getParseResult().originalArgs();
            return Launcher.relaunch(
                    nproc,
                    Main.class.getName(),
                    given,
                    out == null && resume == null ? dir : null,
                    RunOptions.given(spec).containsKey("threads"),
                    List.of("--progress", "off"));
        }
        PretrainJob job = new PretrainJob(cfg, dir, resume != null, changes)
                .withPages(RunReport::write)
                .acceptingDataChange(allowChange);
        PretrainJob.Outcome outcome = rank.isPresent() ? job.asRank(rank.get()) : job.alone();
        if (outcome.stoppedByCollapse()) {
            spec.commandLine()
                    .getErr()
                    .println("snclr pretrain: error: the run collapsed and was stopped (--stop-on-collapse): "
                            + outcome.collapse().describe()
                            + (Checkpoints.exists(dir)
                                    ? "; the checkpoint in " + dir + " is from before (resume it with other settings"
                                            + " and --allow-change)"
                                    : "; no checkpoint was written"));
            return EXIT_COLLAPSED;
        }
        if (outcome.summary() != null || outcome.finished()) report(outcome);
        return 0;
    }

    /** What the run ended with, for the person who started it (rank 0 or the only process). */
    private void report(PretrainJob.Outcome o) {
        PrintWriter stdout = spec.commandLine().getOut();
        if (!o.finished()) {
            stdout.printf(
                    "stopped after step %d of %d; continue with: snclr pretrain --resume %s%n",
                    o.endStep(), o.totalSteps(), o.dir());
            return;
        }
        PretrainSummary summary = o.summary();
        if (summary == null) return; // another rank writes the results
        if (o.alreadyFinished()) {
            stdout.println("the run had already finished (step " + o.totalSteps() + " of " + o.totalSteps()
                    + "); its results are unchanged, its encoder files written again from the checkpoint");
        }
        if (summary.knnTop1() != null) {
            stdout.printf(
                    "kNN (k=%d, T=%.2f) on %d test images: top-1 %.2f%%  top-5 %.2f%%%n",
                    summary.knnK(),
                    summary.knnTemperature(),
                    summary.testImages(),
                    100 * summary.knnTop1(),
                    100 * summary.knnTop5());
        }
        stdout.println("report: " + o.dir().resolve(RunFiles.REPORT_HTML));
        stdout.println("run directory: " + o.dir());
    }
}
