package io.snclr.train;

import io.snclr.augment.BatchAugmenter;
import io.snclr.data.ImageSet;
import io.snclr.data.RankSlice;
import io.snclr.dist.Collective;
import io.snclr.engine.Optim;
import io.snclr.engine.ResidentMemory;
import io.snclr.engine.Scope;
import io.snclr.engine.StateWriter;
import io.snclr.engine.Tensors;
import io.snclr.method.Phase;
import io.snclr.method.PhaseClock;
import io.snclr.method.PretrainMethod;
import io.snclr.method.StepContext;
import io.snclr.method.StepOutput;
import io.snclr.method.ViewSimilarity;
import io.snclr.rundir.Checkpoints;
import io.snclr.rundir.Metric;
import io.snclr.rundir.MetricsLog;
import io.snclr.rundir.RunFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-training loop: per step, views from the prefetcher, the schedules, the method's loss, backward, the
 * gradient all-reduce hook, the optimiser; per epoch, the hook and checkpoints. Every step runs in a memory scope.
 * Only the leader (rank 0) writes metrics and checkpoints.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainConfig cfg;
    private final PretrainMethod method;
    private final ImageSet data;
    private final BatchAugmenter augmenter;
    private final Collective collective;
    private final Path runDir;
    private final RankSlice sampler;
    private final Optim optim;
    private final List<Tensor> params;
    private final EpochLog epochs;
    private boolean keepRecords;

    /** @param plan the batches, chosen with the method when the run was assembled */
    public Trainer(
            TrainConfig cfg,
            PretrainMethod method,
            RankSlice plan,
            ImageSet data,
            BatchAugmenter augmenter,
            Collective collective,
            Path runDir,
            EpochHook hook) {
        this.cfg = cfg;
        this.method = method;
        this.data = data;
        this.augmenter = augmenter;
        this.collective = collective;
        this.runDir = runDir;
        this.epochs = new EpochLog(method, hook);
        this.sampler = plan;
        this.params = method.trainableParameters();
        this.optim = cfg.optim().optimizer().create(params, cfg.weightDecay());
    }

    public long stepsPerEpoch() {
        return sampler.stepsPerEpoch();
    }

    public long totalSteps() {
        return (long) cfg.epochs() * sampler.stepsPerEpoch();
    }

    public Path checkpointFile() {
        return runDir.resolve(RunFiles.CHECKPOINT);
    }

    private void checkpoint(long nextStep) {
        StateWriter state = new StateWriter();
        method.save(state);
        optim.save(state);
        Checkpoints.save(runDir, state, nextStep, cfg.seed());
    }

    /** Trains from step 0, or from the run directory's checkpoint when {@code resume}. */
    public TrainResult run(boolean resume) throws InterruptedException {
        return run(resume, new StopSignal());
    }

    /**
     * As {@link #run(boolean)}; when {@code stop} is requested the current step finishes, a checkpoint is written and
     * the run returns early (unfinished), acknowledging the signal.
     */
    public TrainResult run(boolean resume, StopSignal stop) throws InterruptedException {
        return run(resume, stop, () -> {});
    }

    /**
     * As {@link #run(boolean, StopSignal)}, calling {@code resumed} once the checkpoint has been loaded into the
     * networks (so its seed and shapes accepted this run's settings) and before the first step.
     */
    public TrainResult run(boolean resume, StopSignal stop, Runnable resumed) throws InterruptedException {
        try {
            return loop(resume, stop, resumed);
        } finally {
            stop.acknowledge();
        }
    }

    private TrainResult loop(boolean resume, StopSignal stop, Runnable resumed) throws InterruptedException {
        long spe = sampler.stepsPerEpoch();
        long total = totalSteps();
        LrSchedule lr = new LrSchedule(
                cfg.lrPer256(), cfg.batchSize(), Math.round(cfg.schedule().warmupEpochs() * spe), total);
        MomentumSchedule momentum = new MomentumSchedule(cfg.schedule().momentum(), total, cfg.momentumShape());
        long first = 0;
        if (resume) {
            if (!Checkpoints.exists(runDir)) {
                throw new IllegalArgumentException("--resume: no checkpoint at " + checkpointFile());
            }
            Checkpoints.Loaded saved = Checkpoints.load(runDir, cfg.seed());
            method.load(saved.state());
            optim.load(saved.state());
            first = saved.nextStep();
            resumed.run();
            LOG.info("resumed from {} at step {} (epoch {})", runDir, first, first / spe);
            // steps logged after the checkpoint by the interrupted session are run again: keep one row per step
            if (collective.isLeader()) MetricsLog.dropAfter(runDir.resolve(RunFiles.METRICS), first, spe);
        }
        LoopConfig loop = cfg.loop();
        long end = loop.maxSteps() > 0 ? Math.min(total, loop.maxSteps()) : total;
        // the current epoch's records (for its means); every step's only when asked: a run's memory stays flat
        List<Map<String, Double>> epochRecords = new ArrayList<>();
        List<Map<String, Double>> kept = keepRecords ? new ArrayList<>() : null;
        double lastLoss = Double.NaN;
        CollapseWatch collapse = new CollapseWatch();
        long started = System.nanoTime();
        method.train(true);
        PhaseClock clock = new PhaseClock();
        long saved = first;
        long savedAt = System.nanoTime();
        try (BatchSource batches = loop.prefetch() > 0
                        ? new Prefetcher(data, sampler, augmenter, first, end, loop.prefetch())
                        : new InlineBatches(data, sampler, augmenter, first);
                StepReporter reporter = new StepReporter(loop.progress().bar(), first, total, loop.logEvery());
                MetricsLog log = collective.isLeader() ? MetricsLog.of(runDir) : null) {
            if (log != null && resume) log.restartAt(first);
            for (long step = first; step < end; step++) {
                int epoch = (int) (step / spe);
                if (step == first || step % spe == 0) {
                    epochs.started(epoch, log);
                    epochRecords.clear();
                }
                Map<String, Double> record = runStep(step, epoch, batches, clock, lr, momentum);
                double loss = record.get(Metric.LOSS);
                lastLoss = loss;
                epochRecords.add(record);
                if (kept != null) kept.add(record);
                if (log != null) log.write(withStep(step, epoch, record));
                reporter.step(step, epoch, loss, record);
                if (collapsed(collapse, step, record) && loop.stopOnCollapse()) {
                    return result(first, step + 1, lastLoss, kept, started, collapse);
                }
                // with --stop-on-collapse, no checkpoint is written while the spread is low: it may be collapsing
                boolean mayCheckpoint = !loop.stopOnCollapse() || !collapse.falling();
                boolean epochEnd = (step + 1) % spe == 0;
                if (epochEnd && endOfEpoch(epoch, step + 1, log, epochRecords, mayCheckpoint)) {
                    saved = step + 1;
                    savedAt = System.nanoTime();
                }
                boolean timeUp = loop.checkpointMinutes() > 0
                        && (System.nanoTime() - savedAt) / 6e10 >= loop.checkpointMinutes();
                // every rank stops after the same step, however the signal reached them
                boolean stopping = collective.any(stop.requested());
                if (saved != step + 1 && (timeUp || stopping) && mayCheckpoint && collective.isLeader()) {
                    checkpoint(step + 1);
                    saved = step + 1;
                    savedAt = System.nanoTime();
                }
                if (stopping) {
                    LOG.warn(
                            "interrupted: checkpoint written at step {} of {}; continue with: snclr pretrain --resume {}",
                            step + 1,
                            total,
                            runDir);
                    return result(first, step + 1, lastLoss, kept, started, collapse);
                }
            }
            if (collective.isLeader() && saved != end) checkpoint(end);
        }
        if (end < total) {
            LOG.info(
                    "stopped by --max-steps {} at step {} of {}: checkpointed; continue with: snclr pretrain --resume {}",
                    loop.maxSteps(),
                    end,
                    total,
                    runDir);
        }
        return result(first, end, lastLoss, kept, started, collapse);
    }

    private static TrainResult result(
            long first, long end, double loss, List<Map<String, Double>> kept, long started, CollapseWatch c) {
        double seconds = (System.nanoTime() - started) / 1e9;
        return new TrainResult(first, end, loss, kept == null ? List.of() : kept, seconds, c.collapse());
    }

    /** Keeps every step's metrics in the result, for benchmarks and doctor; a run keeps only the current epoch's. */
    public Trainer keepingStepRecords() {
        keepRecords = true;
        return this;
    }

    /**
     * Feeds the step's spread, averaged over the ranks so all decide alike, to the watch; logs a collapse once.
     *
     * @return whether the run has collapsed by now
     */
    private boolean collapsed(CollapseWatch watch, long step, Map<String, Double> record) {
        Double spread = record.get(ViewSimilarity.SPREAD);
        if (spread == null) return false; // a method that does not measure it: every rank alike
        Collapse now = watch.observe(step, collective.mean(spread));
        if (now != null) LOG.warn("representations collapsed: {}", now.describe());
        return watch.collapse() != null;
    }

    private Map<String, Double> runStep(
            long step, int epoch, BatchSource batches, PhaseClock clock, LrSchedule lr, MomentumSchedule momentum)
            throws InterruptedException {
        try (Scope scope = Scope.open()) {
            long t0 = System.nanoTime();
            long reducedBefore = collective.bytesReduced(), gatheredBefore = collective.bytesGathered();
            clock.seconds().clear();
            clock.reset();
            Batch batch = batches.next(scope);
            clock.lap(Phase.DATA);
            double lrNow = lr.at(step), m = momentum.at(step);
            optim.setLr(lrNow);
            StepContext ctx = new StepContext(step, epoch, batch.indices(), m, clock);
            method.beforeStep(ctx);
            clock.lap(Phase.MOMENTUM_UPDATE);
            StepOutput out = method.step(batch.view1(), batch.view2(), batch.labels(), ctx);
            optim.zeroGrad();
            out.loss().backward();
            collective.averageGradients(params);
            clock.lap(Phase.BACKWARD);
            optim.step();
            clock.lap(Phase.OPTIMIZER);
            double loss = collective.mean(Tensors.item(out.loss())); // the global batch's loss
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("loss is " + loss + " at step " + (step + 1)
                        + "; training diverged (try a lower --lr or a longer --warmup-epochs)");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> r = new LinkedHashMap<>();
            r.put(Metric.LOSS, loss);
            r.put(Metric.LR, lrNow);
            r.put(Metric.MOMENTUM, m);
            r.put(Metric.STEP_SECONDS, seconds);
            r.put(Metric.IMAGES_PER_SECOND, batch.view1().size(0) * collective.worldSize() / seconds);
            r.put(Metric.DATA_WAIT_SECONDS, clock.seconds().getOrDefault(Phase.DATA, 0.0));
            r.put(Metric.PREPARE_SECONDS, batch.prepareSeconds());
            if (data.streamed() != null)
                r.put(Metric.IMAGES_FAILED, (double) data.streamed().failureCount());
            r.putAll(out.metrics());
            for (var e : clock.seconds().entrySet()) r.putIfAbsent(e.getKey().metric(), e.getValue());
            r.put(Metric.RSS_MB, ResidentMemory.bytes() / 1048576.0);
            if (collective.worldSize() > 1) {
                r.put(Metric.ALLREDUCE_MB, (collective.bytesReduced() - reducedBefore) / 1048576.0);
                r.put(Metric.ALLGATHER_MB, (collective.bytesGathered() - gatheredBefore) / 1048576.0);
            }
            return r;
        }
    }

    /** @return whether a checkpoint was written */
    private boolean endOfEpoch(
            int epoch, long nextStep, MetricsLog log, List<Map<String, Double>> epochRecords, boolean mayCheckpoint) {
        epochs.ended(epoch, log, epochRecords);
        boolean last = nextStep == totalSteps();
        if (mayCheckpoint
                && collective.isLeader()
                && (last || (epoch + 1) % cfg.loop().checkpointEvery() == 0)) {
            checkpoint(nextStep);
            return true;
        }
        return false;
    }

    private static Map<String, Object> withStep(long step, int epoch, Map<String, Double> r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(Metric.STEP, step);
        out.put(Metric.EPOCH, epoch);
        out.putAll(r);
        return out;
    }
}
