package io.snclr.run;

import io.snclr.augment.BatchAugmenter;
import io.snclr.config.RunConfig;
import io.snclr.data.DataSplits;
import io.snclr.data.ImageSet;
import io.snclr.data.RankSlice;
import io.snclr.dist.Collective;
import io.snclr.engine.Engine;
import io.snclr.engine.ModuleState;
import io.snclr.eval.KnnEvaluation;
import io.snclr.eval.KnnResult;
import io.snclr.eval.NeighborDisplay;
import io.snclr.files.BuildInfo;
import io.snclr.method.MethodAssembly;
import io.snclr.method.MethodContext;
import io.snclr.method.PretrainMethod;
import io.snclr.model.EncoderSpec;
import io.snclr.rundir.EncoderFiles;
import io.snclr.rundir.Metric;
import io.snclr.rundir.PretrainSummary;
import io.snclr.rundir.SkippedImages;
import io.snclr.rundir.TensorBoardLog;
import io.snclr.train.EpochHook;
import io.snclr.train.StopSignal;
import io.snclr.train.Throttled;
import io.snclr.train.TrainResult;
import io.snclr.train.Trainer;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pre-training run assembled from its configuration, in the order the data flows: images → views → encoder →
 * method (and its batches) → trainer → evaluation → report. The only place where these parts are wired together;
 * {@code pretrain}, {@code bench}, {@code ablate} and the tests all start here ({@link TrainedMethod}, what
 * {@code neighbors} loads, builds its method here too).
 */
public final class PretrainRun {
    private static final Logger LOG = LoggerFactory.getLogger(PretrainRun.class);

    private final RunConfig config;
    private final Engine engine;
    private final Path dir;
    private final ImageSet train;
    private final ImageSet test;
    private final BatchAugmenter augmenter;
    private final EncoderSpec encoder;
    private final PretrainMethod method;
    private final Trainer trainer;
    private final KnnEvaluation knn;

    private PretrainRun(
            RunConfig config, Engine engine, Path dir, ImageSet train, ImageSet test, Collective collective) {
        this.config = config;
        this.engine = engine;
        this.dir = dir;
        this.train = train;
        this.test = test;
        this.augmenter = config.augmenter(train, engine.device());
        this.encoder = config.encoder().spec(train.channels(), train.height(), train.width());
        if (config.encoder().initFrom() != null)
            LOG.info("backbone: starts from {}", config.encoder().initFrom());
        MethodAssembly built = buildMethod(config, engine, train, augmenter, collective);
        this.method = built.method();
        if (collective.worldSize() > 1) {
            method.networks()
                    .shareBatchStatistics(
                            collective.batchStatistics(), config.encoder().syncBn());
            requireSameStart(method, collective);
        }
        this.knn = config.eval().knn();
        int every = config.eval().knnEvery();
        EpochHook hook = every > 0 && test != null && collective.isLeader()
                ? (epoch, m) ->
                        (epoch + 1) % every == 0 ? knnMetrics(knn.run(m.backbone(), augmenter, train, test)) : Map.of()
                : EpochHook.NONE;
        RankSlice plan =
                new RankSlice(built.plan(), config.optim().batchSize(), collective.rank(), collective.worldSize());
        this.trainer = new Trainer(config.train(), method, plan, train, augmenter, collective, dir, hook);
    }

    /** The configured method on {@code train}'s images, with the global batches it trains on. */
    static MethodAssembly buildMethod(
            RunConfig config, Engine engine, ImageSet train, BatchAugmenter augmenter, Collective collective) {
        return config.method()
                .create(new MethodContext(
                        config.encoder().spec(train.channels(), train.height(), train.width()),
                        config.encoder().initPath(),
                        config.heads(),
                        engine.device(),
                        config.engine().precision(),
                        collective,
                        train,
                        augmenter,
                        config.optim().batchSize(),
                        config.seed()));
    }

    /** The test split of {@code train}'s data, or null when it has none (unlabelled, or no --test-data). */
    static ImageSet testSplit(RunConfig config, ImageSet train) {
        return train.hasLabels() ? new DataSplits(config.data()).test(config.seed(), train) : null;
    }

    /** Refuses ranks whose networks start from different weights: their settings or seeds differ. */
    private static void requireSameStart(PretrainMethod method, Collective collective) {
        double sum = ModuleState.noGrad(() -> method.trainableParameters().stream()
                .mapToDouble(p -> p.sum().item_double())
                .sum());
        if (Math.abs(collective.mean(sum) - sum) > 1e-6 * Math.max(1, Math.abs(sum))) {
            throw new IllegalArgumentException("rank " + collective.rank() + ": its networks start from other weights "
                    + "than the other ranks'; every process needs the same settings and --seed");
        }
    }

    /** Loads the data and builds every part; nothing is written yet. */
    public static PretrainRun assemble(RunConfig config, Engine engine, Path dir, Collective collective) {
        if (config.optim().batchSize() % collective.worldSize() != 0) {
            throw new IllegalArgumentException("--batch-size " + config.optim().batchSize()
                    + " is not divisible by the " + collective.worldSize() + " processes");
        }
        ImageSet train = new DataSplits(config.data()).train(config.seed());
        ImageSet test = testSplit(config, train);
        LOG.info(
                "data: {} training images {}x{}x{}{}",
                train.size(),
                train.channels(),
                train.height(),
                train.width(),
                test == null ? "" : ", " + test.size() + " test images");
        return new PretrainRun(config, engine, dir, train, test, collective);
    }

    public RunConfig config() {
        return config;
    }

    public PretrainMethod method() {
        return method;
    }

    public Trainer trainer() {
        return trainer;
    }

    public ImageSet trainImages() {
        return train;
    }

    /** The test split, or null when the data has none. */
    public ImageSet testImages() {
        return test;
    }

    public BatchAugmenter augmenter() {
        return augmenter;
    }

    public Path directory() {
        return dir;
    }

    /** Trains from step 0, or from the directory's checkpoint when {@code resume}. */
    public TrainResult train(boolean resume) throws InterruptedException {
        return train(resume, new StopSignal());
    }

    /** As {@link #train(boolean)}, stopping with a checkpoint after the current step when {@code stop} is requested. */
    public TrainResult train(boolean resume, StopSignal stop) throws InterruptedException {
        return train(resume, stop, () -> {});
    }

    /** As {@link #train(boolean, StopSignal)}, calling {@code resumed} once the checkpoint accepted the settings. */
    public TrainResult train(boolean resume, StopSignal stop, Runnable resumed) throws InterruptedException {
        LOG.info(
                "{}: {} steps/epoch, {} epochs, run directory {}",
                method.name(),
                trainer.stepsPerEpoch(),
                config.schedule().epochs(),
                dir);
        return trainer.run(resume, stop, resumed);
    }

    /** kNN of the current backbone on the test split (null without one). */
    public KnnResult knn() {
        if (test == null) return null;
        int images = train.size() + test.size();
        long t0 = System.nanoTime();
        LOG.info("kNN on the test split: embedding {} training and {} test images", train.size(), test.size());
        KnnResult r = knn.run(
                method.backbone(),
                augmenter,
                train,
                test,
                new Throttled(done -> LOG.info("kNN: {} of {} images embedded", done, images)));
        LOG.info("kNN top-1 {} in {} s", String.format("%.4f", r.top1()), Math.round((System.nanoTime() - t0) / 1e9));
        return r;
    }

    /**
     * After the last step: the final encoder, kNN on the test split, summary.json/report.md, the neighbour grid (SNCLR
     * and MoCo v3 with labels) and the {@code pages} for people.
     */
    public PretrainSummary finish(TrainResult result, RunPages pages) {
        saveEncoder();
        Map<String, Object> images = SkippedImages.write(dir, train);
        KnnResult r = knn();
        PretrainSummary summary = new PretrainSummary(
                method.name(),
                config.encoder().describe(),
                train.size(),
                config.schedule().epochs(),
                config.optim().batchSize(),
                trainer.totalSteps(),
                Math.round(result.seconds()),
                (Integer) images.get("images_skipped"),
                (Integer) images.get(Metric.IMAGES_FAILED),
                Double.isFinite(result.lastLoss()) ? result.lastLoss() : null,
                result.collapse() == null ? null : result.collapse().describe(),
                r == null ? null : r.top1(),
                r == null ? null : r.top5(),
                r == null ? null : r.k(),
                r == null ? null : r.temperature(),
                r == null ? null : r.testSize(),
                BuildInfo.version());
        summary.write(dir);
        if (r != null) {
            TensorBoardLog.evaluation(dir, result.endStep(), Map.of("knn_top1", r.top1(), "knn_top5", r.top5()));
        }
        if (test != null) {
            method.neighborRanking().ifPresent(ranking -> {
                int[] queries = new SplittableRandom(config.seed())
                        .ints(6, 0, test.size())
                        .toArray();
                NeighborDisplay.write(
                        dir,
                        train,
                        test,
                        NeighborDisplay.rank(
                                ranking,
                                train,
                                test,
                                queries,
                                augmenter,
                                engine.device(),
                                ranking.displayNeighbors(),
                                8));
            });
        }
        pages.write(dir, method.metrics());
        return summary;
    }

    /** encoder.pt and encoder.json of the trained backbone (again, for a finished run resumed: the same weights). */
    public void saveEncoder() {
        EncoderFiles.save(
                dir,
                method.backbone(),
                new EncoderFiles.Meta(
                        encoder,
                        augmenter.normalization().mean(),
                        augmenter.normalization().std(),
                        method.name(),
                        method.backbone().featureDim(),
                        config.data().isFashionMnist() ? 1.0 : config.data().centerCropFor()));
    }

    private static Map<String, Double> knnMetrics(KnnResult r) {
        return Map.of(Metric.KNN_TOP1, r.top1(), Metric.KNN_TOP5, r.top5());
    }
}
