package io.snclr.run;

import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigFile;
import io.snclr.data.DataFingerprint;
import io.snclr.dist.C10dCollective;
import io.snclr.dist.Collective;
import io.snclr.dist.DistEnv;
import io.snclr.dist.SingleProcess;
import io.snclr.engine.Device;
import io.snclr.engine.Engine;
import io.snclr.rundir.PretrainSummary;
import io.snclr.rundir.RunDirectory;
import io.snclr.rundir.RunLock;
import io.snclr.rundir.TrainingData;
import io.snclr.train.Collapse;
import io.snclr.train.StopSignal;
import io.snclr.train.TrainResult;
import java.nio.file.Path;
import java.util.List;

/**
 * One invocation of pre-training, in the process's role: alone, or one rank of a data-parallel run (rank 0 writes
 * the run directory, the others train beside it). The writer locks the run directory before it reads or writes
 * anything there, so a second process on the same directory is refused however far the first has got.
 * SIGINT/SIGTERM finish the step in progress and checkpoint it.
 */
public final class PretrainJob {
    /** How long the signal handler waits for the step in progress to finish and be checkpointed. */
    private static final long STOP_GRACE_SECONDS = 120;

    /**
     * How an invocation ended.
     *
     * @param summary the finished run's summary (null when it stopped early, or on a rank that does not write)
     * @param collapse when the representations collapsed (null: they did not)
     * @param alreadyFinished a resumed run that had finished before: nothing was trained and nothing rewritten
     */
    public record Outcome(
            Path dir,
            boolean finished,
            long endStep,
            long totalSteps,
            PretrainSummary summary,
            Collapse collapse,
            boolean alreadyFinished) {
        /** Whether the run ended because it collapsed (--stop-on-collapse). */
        public boolean stoppedByCollapse() {
            return !finished && collapse != null;
        }
    }

    private final RunConfig config;
    private final Path dir;
    private final boolean resume;
    private final List<String> changes;
    private final RunPages pages;
    private final boolean acceptDataChange;

    /**
     * @param dir the run directory: a new one ({@link RunDirectory#of}) or the one resumed
     * @param changes accepted changes of plan on resume ("flag: old -> new"), recorded in the run directory
     */
    public PretrainJob(RunConfig config, Path dir, boolean resume, List<String> changes) {
        this(config, dir, resume, changes, RunPages.NONE, false);
    }

    private PretrainJob(
            RunConfig config,
            Path dir,
            boolean resume,
            List<String> changes,
            RunPages pages,
            boolean acceptDataChange) {
        this.config = config;
        this.dir = dir;
        this.resume = resume;
        this.changes = List.copyOf(changes);
        this.pages = pages;
        this.acceptDataChange = acceptDataChange;
    }

    /** This job, writing {@code pages} once the run has finished. */
    public PretrainJob withPages(RunPages pages) {
        return new PretrainJob(config, dir, resume, changes, pages, acceptDataChange);
    }

    /** This job, resuming on training images other than those the run started on (--allow-change). */
    public PretrainJob acceptingDataChange(boolean accept) {
        return new PretrainJob(config, dir, resume, changes, pages, accept);
    }

    /** This process alone: locks, loads, trains, finishes. */
    public Outcome alone() throws InterruptedException {
        try (RunLock lock = RunLock.acquire(dir)) {
            prepareDirectory();
            Engine engine = config.engine().start();
            Collective single = new SingleProcess();
            return trainAndFinish(assemble(config, engine, single), single);
        }
    }

    /**
     * One rank of a data-parallel run ({@code env}: from torchrun or {@code --nproc}): rank 0 locks and prepares the
     * run directory, then every rank loads its data, and all start together.
     */
    public Outcome asRank(DistEnv env) throws Exception {
        RunConfig cfg = config;
        if (cfg.engine().device().isCuda()) { // one GPU per local rank, as torchrun's users expect
            cfg = cfg.withEngine(cfg.engine().withDevice(Device.parse("cuda:" + env.localRank())));
        }
        RunLock lock = env.rank() == 0 ? RunLock.acquire(dir) : null;
        try {
            if (lock != null) prepareDirectory();
            Engine engine = cfg.engine().start();
            try (C10dCollective collective = C10dCollective.connect(
                    env, env.collectiveTimeout(), cfg.engine().device())) {
                PretrainRun run = assemble(cfg, engine, collective);
                collective.barrier(); // rank 0 has prepared the run directory; every rank has its data
                return trainAndFinish(run, collective);
            }
        } finally {
            if (lock != null) lock.close();
        }
    }

    /** Under the lock: a new run directory must still be free, and its configuration is recorded. */
    private void prepareDirectory() {
        if (!resume) {
            RunDirectory.requireFresh(dir);
            RunConfigFile.write(dir, config);
        }
    }

    /**
     * A new run that cannot start (settings its data refuse, unreadable data) leaves no config.yaml behind, so the
     * corrected command may use the same --out; a killed start-up still leaves it, and the next start refuses.
     */
    private PretrainRun assemble(RunConfig cfg, Engine engine, Collective collective) {
        try {
            PretrainRun run = PretrainRun.assemble(cfg, engine, dir, collective);
            requireSameData(run, collective);
            return run;
        } catch (RuntimeException e) {
            if (!resume && collective.isLeader()) RunConfigFile.forget(dir);
            throw e;
        }
    }

    /**
     * A resumed run trains on the images it started on: other images would silently change its epochs and schedule.
     * {@code --allow-change} accepts them, and they are recorded.
     */
    private void requireSameData(PretrainRun run, Collective collective) {
        DataFingerprint now = DataFingerprint.of(run.trainImages());
        DataFingerprint before = TrainingData.read(dir);
        if (resume && before != null && !before.equals(now) && !acceptDataChange) {
            throw new IllegalArgumentException(
                    "--resume " + dir + ": the training images changed since the run started (" + before.describe()
                            + " then, " + now.describe() + " now); add --allow-change to go on with them");
        }
        if (collective.isLeader() && !now.equals(before)) TrainingData.write(dir, now);
    }

    /**
     * An accepted change of plan is recorded once the checkpoint has taken the new settings (its seed matched, its
     * tensors fitted the networks), so a change the checkpoint refuses leaves config.yaml as it was.
     */
    private void recordChangeOnceResumed(Collective collective) {
        if (resume && !changes.isEmpty() && collective.isLeader()) RunConfigFile.recordChange(dir, config);
    }

    /**
     * Trains with SIGINT/SIGTERM caught: the step in progress finishes and a checkpoint is written before the process
     * ends (exit 130 / 143, the JVM's codes for those signals). The leader then finishes the run.
     */
    private Outcome trainAndFinish(PretrainRun run, Collective collective) throws InterruptedException {
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
            result = run.train(resume, stop, () -> recordChangeOnceResumed(collective));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the acknowledgement train() has given
            }
        }
        long total = run.trainer().totalSteps();
        boolean finished = result.finished(total);
        // a finished run resumed again keeps its summary and report (its loss and training time among them); its
        // encoder files are written again from the checkpoint (how an encoder.json of an earlier version is renewed)
        PretrainSummary before = resume && result.firstStep() == total ? PretrainSummary.read(dir) : null;
        if (before != null && collective.isLeader()) run.saveEncoder();
        PretrainSummary summary =
                !finished || !collective.isLeader() ? null : before != null ? before : run.finish(result, pages);
        return new Outcome(dir, finished, result.endStep(), total, summary, result.collapse(), before != null);
    }
}
