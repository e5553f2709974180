package io.snclr.train;

import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigs;
import io.snclr.dist.SingleProcess;
import io.snclr.engine.Engine;
import io.snclr.run.PretrainRun;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** CPU-sized runs on real Fashion-MNIST images for the end-to-end, resume and memory tests, assembled as the CLI does. */
final class TinyRun {
    private TinyRun() {}

    /** SNCLR with K neighbours after {@code warmupEpochs}, a width-1/8 ResNet-18 and small heads. */
    static RunConfig snclr(int images, long seed, int neighbors, int warmupEpochs) {
        return config(
                images, seed, Map.of("neighbors", neighbors, "queue", 1024, "neighbor-warmup-epochs", warmupEpochs));
    }

    /** SPCL with P prototypes (symmetric CE on, so that every loss term is exercised). */
    static RunConfig spcl(int images, long seed, int prototypes) {
        return config(images, seed, Map.of("method", "spcl", "prototypes", prototypes, "symmetric-ce", true));
    }

    private static RunConfig config(int images, long seed, Map<String, Object> method) {
        Map<String, Object> o = new LinkedHashMap<>(Map.of(
                "limit",
                images,
                "width",
                0.125,
                "proj-hidden",
                256,
                "dim",
                64,
                "pred-hidden",
                256,
                "seed",
                seed,
                "progress",
                "off",
                "log-every",
                50,
                "threads",
                2));
        o.putAll(method);
        return RunConfigs.override(RunConfig.DEFAULT, o, "");
    }

    /** The run assembled on {@code dir}, with this schedule. */
    static PretrainRun assemble(
            RunConfig base, Path dir, int epochs, int batch, String optimizer, double lr, long maxSteps) {
        RunConfig cfg = RunConfigs.override(
                base,
                Map.of("epochs", epochs, "batch-size", batch, "optimizer", optimizer, "lr", lr, "max-steps", maxSteps),
                "");
        Engine engine = cfg.engine().start();
        PretrainRun run = PretrainRun.assemble(cfg, engine, dir, new SingleProcess());
        run.trainer().keepingStepRecords(); // the tests read every step's loss and memory
        return run;
    }

    static TrainResult train(
            RunConfig base, Path dir, int epochs, int batch, String optimizer, double lr, long maxSteps, boolean resume)
            throws InterruptedException {
        return assemble(base, dir, epochs, batch, optimizer, lr, maxSteps).train(resume);
    }
}
