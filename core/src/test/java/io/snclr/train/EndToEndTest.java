package io.snclr.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigs;
import io.snclr.eval.KnnResult;
import io.snclr.eval.SupervisedConfig;
import io.snclr.eval.SupervisedEvaluation;
import io.snclr.eval.SupervisedResult;
import io.snclr.method.NeighborPrecision;
import io.snclr.run.PretrainRun;
import io.snclr.rundir.Metric;
import io.snclr.rundir.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 248 SNCLR steps on 2,000 real Fashion-MNIST images with a width-1/8 ResNet-18, assembled as {@code pretrain} does:
 * the representation learns (the linear probe beats the untrained network's), the loss falls, resident memory stays
 * flat, metrics and checkpoint are written.
 */
class EndToEndTest extends TorchTest {
    /**
     * Linear-probe gain over the untrained network that a learning run must show. Measured with this recipe through
     * the CLI (`pretrain --limit 2000 --test-limit 1000 --batch-size 64 --width 0.125 --queue 1024 --neighbors 10
     * --dim 64 --proj-hidden 256 --pred-hidden 256 --epochs 8 --seed S`, then `linear --epochs 30`): +9.7 points
     * (seed 1, 50.7 → 60.4 %), +2.9 (seed 2), +7.1 (seed 3); in this test +9.6 before and +8.3 after the reference-code
     * positiveness (gradient kept, own keys excluded) became the default, and +29.9 (22.4 → 52.3 %) with MoCo v3's
     * zero-initialised residual branches, whose untrained features are much weaker. An untrained network's gain is 0.
     */
    private static final double LEARNED_MARGIN = 0.03;

    @Test
    void snclrLearnsAndNativeMemoryStaysBounded(@TempDir Path dir) throws Exception {
        RunConfig cfg = RunConfigs.override(TinyRun.snclr(2000, 1, 10, 1), Map.of("test-limit", 1000, "knn-k", 20), "");
        PretrainRun run = TinyRun.assemble(cfg, dir, 8, 64, "adamw", 2e-3, 0); // 31 steps/epoch → 248 steps
        SupervisedResult linearBefore = linearProbe(run);
        KnnResult knnBefore = run.knn();

        TrainResult r = run.train(false);
        List<Map<String, Double>> steps = r.steps();
        assertTrue(steps.size() >= 240, "ran " + steps.size() + " steps");
        // the loss scale changes when neighbours join after epoch 0, so compare within the neighbour phase
        double early = mean(steps.subList(40, 60), Metric.LOSS),
                late = mean(steps.subList(steps.size() - 20, steps.size()), Metric.LOSS);
        SupervisedResult linearAfter = linearProbe(run);
        KnnResult knnAfter = run.knn();
        double settled = steps.get(50).get(Metric.RSS_MB);
        double peak = steps.subList(50, steps.size()).stream()
                .mapToDouble(m -> m.get(Metric.RSS_MB))
                .max()
                .orElseThrow();
        double precision = mean(steps.subList(steps.size() - 20, steps.size()), NeighborPrecision.KEY);
        System.out.printf(
                "end-to-end: loss %.3f -> %.3f, linear top-1 %.3f -> %.3f, kNN top-1 %.3f -> %.3f, neighbour "
                        + "precision %.3f, RSS %.0f -> %.0f MB, %.1f s%n",
                early,
                late,
                linearBefore.top1(),
                linearAfter.top1(),
                knnBefore.top1(),
                knnAfter.top1(),
                precision,
                settled,
                peak,
                r.seconds());

        assertTrue(
                linearAfter.top1() > linearBefore.top1() + LEARNED_MARGIN,
                "linear probe " + linearAfter.top1() + " after training vs " + linearBefore.top1()
                        + " untrained: no learning signal");
        assertTrue(late < early - 0.2, "loss should fall: " + early + " -> " + late);
        // kNN must not collapse (with zero-initialised residual branches it rises, 0.402 -> 0.590 measured)
        assertTrue(
                knnAfter.top1() > knnBefore.top1() - 0.08, "kNN top-1 " + knnAfter.top1() + " vs " + knnBefore.top1());
        assertTrue(precision > 0.15, "neighbour precision " + precision + " (chance 0.1)");
        assertTrue(
                peak - settled < 150,
                "resident memory grew " + (peak - settled) + " MB over " + (steps.size() - 50)
                        + " steps (leaks ~60 MB/step without scopes)");
        assertTrue(Files.size(dir.resolve(RunFiles.METRICS)) > 0);
        assertTrue(Files.isRegularFile(dir.resolve(RunFiles.CHECKPOINT)));
    }

    private static SupervisedResult linearProbe(PretrainRun run) {
        return new SupervisedEvaluation(
                        run.method().backbone(),
                        run.augmenter(),
                        run.config().engine().device())
                .linearFast(run.trainImages(), run.testImages(), new SupervisedConfig(30, 256, 0.1, 0, 1));
    }

    private static double mean(List<Map<String, Double>> rows, String key) {
        return rows.stream().mapToDouble(m -> m.get(key)).average().orElseThrow();
    }
}
