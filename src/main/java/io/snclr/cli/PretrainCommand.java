package io.snclr.cli;

import io.snclr.augment.BatchAugmenter;
import io.snclr.augment.Normalization;
import io.snclr.augment.ViewConfig;
import io.snclr.data.DataSpec;
import io.snclr.data.ImageSet;
import io.snclr.dist.Collective;
import io.snclr.dist.SingleProcess;
import io.snclr.engine.Engine;
import io.snclr.eval.KnnEvaluation;
import io.snclr.eval.KnnResult;
import io.snclr.method.PretrainMethod;
import io.snclr.model.EncoderFiles;
import io.snclr.model.EncoderSpec;
import io.snclr.report.RunReport;
import io.snclr.report.RunSummary;
import io.snclr.eval.NeighborDisplay;
import io.snclr.method.snclr.Snclr;
import java.util.SplittableRandom;
import io.snclr.train.EpochHook;
import io.snclr.train.TrainConfig;
import io.snclr.train.TrainResult;
import io.snclr.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr pretrain}: self-supervised pre-training, then the final encoder, kNN accuracy and a report. */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Pre-train an encoder with SNCLR (or MoCo v3 = SNCLR with K = 0) and evaluate it by kNN.")
public final class PretrainCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(PretrainCommand.class);

    @Spec CommandSpec spec;
    @Mixin EngineOptions engine = new EngineOptions();
    @Mixin DataOptions dataOptions = new DataOptions();
    @Mixin MethodOptions methodOptions = new MethodOptions();

    @Option(names = "--config", description = "YAML file of option values (long names without dashes)")
    Path config;
    @Option(names = "--out", description = "run directory (default: runs/<method>-<time>)")
    Path out;
    @Option(names = "--resume", description = "continue the run in this directory from its checkpoint")
    Path resume;

    @Option(names = "--epochs", defaultValue = "10", description = "0 = save and evaluate the untrained network")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "256", description = "images per step") int batchSize;
    @Option(names = "--optimizer", defaultValue = "adamw",
            description = "adamw (CPU-sized default) or lars (the ResNet-50 recipe: --lr 0.3 --weight-decay 1e-6)")
    String optimizer;
    @Option(names = "--lr", description = "learning rate per 256 images (default 2e-3 ResNet, 1.5e-4 ViT)") Double lr;
    @Option(names = "--weight-decay", description = "default 1e-4 ResNet, 0.1 ViT (DESIGN.md §3)") Double weightDecay;
    @Option(names = "--warmup-epochs", defaultValue = "1", description = "linear learning-rate warm-up") double warmupEpochs;
    @Option(names = "--momentum", defaultValue = "0.99", description = "initial EMA momentum (cosine to 1)") double momentum;
    @Option(names = "--crop-min", description = "smallest crop scale (default 0.2 grayscale, 0.08 colour)") Double cropMin;
    @Option(names = "--max-steps", defaultValue = "0", description = "stop after this many steps (checkpointed)") long maxSteps;
    @Option(names = "--checkpoint-every", defaultValue = "1", description = "epochs between checkpoints") int checkpointEvery;
    @Option(names = "--log-every", defaultValue = "20", description = "steps between log lines (no progress bar)") int logEvery;
    @Option(names = "--progress", defaultValue = "auto", description = "progress bar: auto, on, off") String progress;
    @Option(names = "--prefetch", defaultValue = "2", description = "batches prepared ahead; 0 = inline") int prefetch;

    @Option(names = "--knn-every", defaultValue = "0", description = "kNN monitor every E epochs; 0 = only at the end") int knnEvery;
    @Option(names = "--knn-k", defaultValue = "200") int knnK;
    @Option(names = "--knn-temperature", defaultValue = "0.07") double knnTemperature;
    @Option(names = "--eval-batch", defaultValue = "512") int evalBatch;

    @Override
    public Integer call() throws Exception {
        YamlDefaults.checkKeys(spec);
        Engine eng = engine.start();
        methodOptions.validate();
        TrainConfig trainConfig = trainConfig();
        Path runDir = runDirectory();
        DataSpec dataSpec = dataOptions.spec(engine.seed);
        ImageSet train = dataSpec.train();
        ImageSet test = train.hasLabels() ? dataSpec.test() : null;
        LOG.info("data: {} training images {}x{}x{}{}", train.size(), train.channels(), train.height(), train.width(),
                test == null ? "" : ", " + test.size() + " test images");

        if (resume == null) {
            Files.createDirectories(runDir);
            // --max-steps only stops this invocation; a resumed run should not stop there again
            YamlDefaults.write(spec, runDir.resolve("config.yaml"), Set.of("config", "resume", "max-steps"));
        }
        Normalization norm = Normalization.of(train);
        double crop = cropMin != null ? cropMin : ViewConfig.defaultCropMin(train.channels());
        BatchAugmenter augmenter = new BatchAugmenter(ViewConfig.byolFirst(crop), ViewConfig.byolSecond(crop), norm,
                engine.seed, eng.deviceName());
        EncoderSpec encoderSpec = methodOptions.encoderSpec(train);
        Collective collective = new SingleProcess();
        PretrainMethod method = methodOptions.build(encoderSpec, eng.deviceName(), collective, train, augmenter,
                engine.seed);

        KnnEvaluation knn = new KnnEvaluation(knnK, knnTemperature, evalBatch);
        EpochHook hook = (knnEvery > 0 && test != null) ? (epoch, m) -> (epoch + 1) % knnEvery == 0
                ? knnMetrics(knn.run(m.backbone(), augmenter, train, test)) : Map.of() : EpochHook.NONE;
        Trainer trainer = new Trainer(trainConfig, method, train, augmenter, collective, runDir, hook);
        LOG.info("{}: {} steps/epoch, {} epochs, run directory {}", method.name(), trainer.stepsPerEpoch(), epochs, runDir);
        TrainResult result = trainer.run(resume != null);
        if (!result.finished(trainer.totalSteps())) {
            LOG.info("stopped after step {} of {}; continue with: snclr pretrain --resume {}", result.endStep(),
                    trainer.totalSteps(), runDir);
            return 0;
        }
        EncoderFiles.save(runDir, method.backbone(),
                new EncoderFiles.Meta(encoderSpec, norm.mean(), norm.std(), method.name(), method.backbone().featureDim()));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("method", method.name());
        summary.put("encoder", methodOptions.describeEncoder());
        summary.put("train_images", train.size());
        summary.put("epochs", epochs);
        summary.put("batch_size", batchSize);
        summary.put("steps", trainer.totalSteps());
        summary.put("train_seconds_this_session", Math.round(result.seconds()));
        if (Double.isFinite(result.lastLoss())) summary.put("final_loss", result.lastLoss());
        if (test != null) {
            KnnResult r = knn.run(method.backbone(), augmenter, train, test);
            summary.put("knn_top1", r.top1());
            summary.put("knn_top5", r.top5());
            summary.put("knn_k", r.k());
            summary.put("knn_temperature", r.temperature());
            summary.put("test_images", r.testSize());
            spec.commandLine().getOut().printf("kNN (k=%d, T=%.2f) on %d test images: top-1 %.2f%%  top-5 %.2f%%%n",
                    r.k(), r.temperature(), r.testSize(), 100 * r.top1(), 100 * r.top5());
        }
        RunSummary.write(runDir, summary);
        if (method instanceof Snclr snclr && test != null) {
            int[] queries = new SplittableRandom(engine.seed).ints(6, 0, test.size()).toArray();
            NeighborDisplay.write(runDir, train, test, NeighborDisplay.rank(snclr, train, test, queries, augmenter,
                    eng.deviceName(), Math.max(1, methodOptions.neighbors), 8));
        }
        spec.commandLine().getOut().println("report: " + RunReport.write(runDir));
        spec.commandLine().getOut().println("run directory: " + runDir);
        return 0;
    }

    private static Map<String, Double> knnMetrics(KnnResult r) {
        return Map.of("knn_top1", r.top1(), "knn_top5", r.top5());
    }

    private TrainConfig trainConfig() {
        boolean bar = switch (progress) {
            case "on" -> true;
            case "off" -> false;
            case "auto" -> System.console() != null;
            default -> throw new IllegalArgumentException("--progress: expected auto, on or off, got '" + progress + "'");
        };
        boolean vit = methodOptions.isVit();
        double lrPer256 = lr != null ? lr : vit ? 1.5e-4 : 2e-3;
        double decay = weightDecay != null ? weightDecay : vit ? 0.1 : 1e-4;
        return new TrainConfig(epochs, batchSize, optimizer, lrPer256, decay, warmupEpochs, momentum, maxSteps,
                checkpointEvery, logEvery, engine.seed, bar, prefetch);
    }

    /** The run directory: the one resumed, or a new one that must not already hold a run. */
    private Path runDirectory() {
        if (resume != null) {
            if (!Files.isRegularFile(resume.resolve(io.snclr.train.Checkpoints.FILE))) {
                throw new IllegalArgumentException("--resume " + resume + ": no checkpoint.pt there");
            }
            return resume;
        }
        Path dir = out != null ? out : Path.of("runs", methodOptions.method + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(dir.resolve(io.snclr.train.Checkpoints.FILE)) || Files.exists(dir.resolve(EncoderFiles.WEIGHTS))) {
            throw new IllegalArgumentException("--out " + dir + ": already holds a run; use --resume " + dir
                    + " to continue it, or choose another --out");
        }
        out = dir;
        return dir;
    }

}
