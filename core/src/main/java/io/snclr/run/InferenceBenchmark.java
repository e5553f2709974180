package io.snclr.run;

import io.snclr.augment.BatchAugmenter;
import io.snclr.augment.Normalization;
import io.snclr.config.RunConfig;
import io.snclr.engine.Engine;
import io.snclr.engine.ModuleState;
import io.snclr.eval.FeatureExtractor;
import io.snclr.model.Encoder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inference speed of a configuration's backbone as {@code snclr embed} runs it (eval mode, no gradient, the
 * evaluation transform), on prepared pixels: decoding excluded. Images per second, median over the timed batches.
 */
public final class InferenceBenchmark {
    /** Median images per second and seconds per batch. */
    public record Result(int batch, double imagesPerSecond, double secondsPerBatch, int threads) {}

    private InferenceBenchmark() {}

    public static Result run(RunConfig config, int warmup, int batches) {
        if (batches < 1 || warmup < 0) throw new IllegalArgumentException("--steps must be >= 1, --warmup-steps >= 0");
        Engine engine = config.engine().start();
        int size = config.data().imageSize(),
                c = config.data().channels(),
                batch = config.optim().batchSize();
        Encoder encoder = config.encoder().spec(c, size, size).create();
        ModuleState.toDevice(encoder.module(), engine.device());
        encoder.module().train(false);
        float[] half = new float[c];
        java.util.Arrays.fill(half, 0.5f);
        FeatureExtractor features = new FeatureExtractor(
                encoder, BatchAugmenter.forEvaluation(new Normalization(half, half), 0, engine.device()), batch);
        byte[] pixels = new byte[batch * c * size * size];
        SplittableRandom random = new SplittableRandom(config.seed());
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) random.nextInt(256);
        List<Double> seconds = new ArrayList<>();
        for (int b = 0; b < warmup + batches; b++) {
            long t0 = System.nanoTime();
            features.embed(pixels, batch, c, size, size, true);
            if (b >= warmup) seconds.add((System.nanoTime() - t0) / 1e9);
        }
        double s = Benchmark.median(seconds);
        return new Result(batch, batch / s, s, engine.threads());
    }
}
