package io.snclr.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.data.FashionMnist;
import io.snclr.data.ImageSet;
import io.snclr.data.Subsets;
import io.snclr.eval.KnnEvaluation;
import io.snclr.eval.KnnResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few hundred SNCLR steps on 2,000 real Fashion-MNIST images with a width-1/8 ResNet-18: the loss falls, kNN is
 * far above chance, resident memory stays flat, metrics and checkpoint are written.
 */
class EndToEndTest extends TorchTest {
    @Test
    void snclrLearnsAndNativeMemoryStaysBounded(@TempDir Path dir) throws Exception {
        TinyRun run = new TinyRun(2000, 1, 10, 1);
        ImageSet testAll = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST);
        ImageSet test = testAll.subset(Subsets.classBalanced(testAll.labels(), 10, 1000, 1));
        KnnEvaluation knn = new KnnEvaluation(20, 0.07, 256);
        KnnResult before = knn.run(run.method.backbone(), run.augmenter, run.train, test);

        TrainResult r = run.train(dir, 8, 64, "adamw", 2e-3, 0, false); // 31 steps/epoch → 248 steps
        List<Map<String, Double>> steps = r.steps();
        assertTrue(steps.size() >= 240, "ran " + steps.size() + " steps");

        // the loss scale changes when neighbours join after epoch 0, so compare within the neighbour phase
        double early = mean(steps.subList(40, 60), "loss"), late = mean(steps.subList(steps.size() - 20, steps.size()), "loss");
        assertTrue(late < early - 0.2, "loss should fall: " + early + " -> " + late);

        KnnResult after = knn.run(run.method.backbone(), run.augmenter, run.train, test);
        double settled = steps.get(50).get("rss_mb");
        double peak = steps.subList(50, steps.size()).stream().mapToDouble(m -> m.get("rss_mb")).max().orElseThrow();
        double precision = mean(steps.subList(steps.size() - 20, steps.size()), "neighbor_precision");
        System.out.printf("end-to-end: loss %.3f -> %.3f, kNN top-1 %.3f -> %.3f, neighbour precision %.3f, "
                + "RSS %.0f -> %.0f MB, %.1f s%n", early, late, before.top1(), after.top1(), precision, settled, peak,
                r.seconds());

        // chance is 10%. A random-init network already scores well above it on Fashion-MNIST, so require a clear
        // margin over chance and that training did not destroy the features.
        assertTrue(after.top1() > 0.60, "kNN top-1 " + after.top1() + " (before training " + before.top1() + ")");
        // 250 steps on 2,000 images do not beat the (strong) random-init features of this width-1/8 net (measured
        // 0.641 -> 0.626); they must not wreck them either. Learning shows in docs/measurements.md at 390 steps.
        assertTrue(after.top1() > before.top1() - 0.05, "kNN top-1 " + after.top1() + " vs " + before.top1() + " before");

        assertTrue(peak - settled < 150, "resident memory grew " + (peak - settled) + " MB over " + (steps.size() - 50)
                + " steps (leaks ~60 MB/step without scopes)");

        assertTrue(Files.size(dir.resolve("metrics.jsonl")) > 0);
        assertTrue(Files.isRegularFile(dir.resolve(Checkpoints.FILE)));
        assertTrue(precision > 0.15, "neighbour precision " + precision + " (chance 0.1)");
    }

    private static double mean(List<Map<String, Double>> rows, String key) {
        return rows.stream().mapToDouble(m -> m.get(key)).average().orElseThrow();
    }
}
