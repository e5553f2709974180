package io.snclr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigs;
import io.snclr.data.TestImages;
import io.snclr.rundir.Metric;
import io.snclr.rundir.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest extends TorchTest {
    @Test
    void resumedStepsMatchAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        for (String optimizer : new String[] {"lars", "adamw"}) {
            Path whole = tmp.resolve(optimizer + "-whole"), split = tmp.resolve(optimizer + "-split");
            // 300 images, batch 32: 9 steps per epoch; stop at 12 (mid-epoch, queue and neighbours in use)
            List<Double> reference = TinyRun.train(TinyRun.snclr(300, 5, 4, 1), whole, 2, 32, optimizer, 0.3, 16, false)
                    .losses();
            TrainResult first = TinyRun.train(TinyRun.snclr(300, 5, 4, 1), split, 2, 32, optimizer, 0.3, 12, false);
            assertEquals(12, first.endStep());
            assertTrue(Files.isRegularFile(split.resolve(RunFiles.CHECKPOINT)));
            TrainResult rest = TinyRun.train(TinyRun.snclr(300, 5, 4, 1), split, 2, 32, optimizer, 0.3, 16, true);
            assertEquals(12, rest.firstStep());
            for (int i = 0; i < 4; i++) {
                double expected = reference.get(12 + i), got = rest.losses().get(i);
                assertEquals(expected, got, 1e-4 * Math.abs(expected), optimizer + " step " + (12 + i));
            }
        }
    }

    @Test
    void spclResumesMidEpochWithItsSavedPrototypes(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole"), split = tmp.resolve("split");
        // 9 steps per epoch; stop at 12: epoch 1's prototypes were computed before the stop and must be reused
        List<Double> reference = TinyRun.train(TinyRun.spcl(300, 5, 6), whole, 2, 32, "adamw", 0.3, 16, false)
                .losses();
        assertEquals(
                12,
                TinyRun.train(TinyRun.spcl(300, 5, 6), split, 2, 32, "adamw", 0.3, 12, false)
                        .endStep());
        TrainResult rest = TinyRun.train(TinyRun.spcl(300, 5, 6), split, 2, 32, "adamw", 0.3, 16, true);
        for (int i = 0; i < 4; i++) {
            double expected = reference.get(12 + i), got = rest.losses().get(i);
            assertEquals(expected, got, 1e-4 * Math.abs(expected), "spcl step " + (12 + i));
        }
    }

    /** Streamed images: crops of the originals drawn per (seed, step, view, position), so a resumed run sees the same. */
    @Test
    void aStreamedFolderResumesExactly(@TempDir Path tmp) throws Exception {
        Path images = tmp.resolve("images");
        for (int i = 0; i < 96; i++) {
            TestImages.write(
                    images.resolve(i % 2 == 0 ? "a" : "b"),
                    Map.of(i + ".jpg", TestImages.encode(TestImages.photo(60 + i % 5 * 20, 60, i), "jpg")));
        }
        RunConfig base = RunConfigs.override(
                TinyRun.snclr(96, 3, 4, 0),
                Map.of(
                        "data",
                        images.toString(),
                        "load",
                        "stream",
                        "image-size",
                        24,
                        "channels",
                        3,
                        "workers",
                        2,
                        "knn-every",
                        0),
                "");
        Path whole = tmp.resolve("whole"), split = tmp.resolve("split");
        TrainResult reference = TinyRun.train(base, whole, 2, 16, "adamw", 0.3, 9, false);
        TinyRun.train(base, split, 2, 16, "adamw", 0.3, 5, false);
        TrainResult rest = TinyRun.train(base, split, 2, 16, "adamw", 0.3, 9, true);
        assertEquals(5, rest.firstStep());
        for (int i = 0; i < 4; i++) {
            double expected = reference.losses().get(5 + i), got = rest.losses().get(i);
            assertEquals(expected, got, 1e-4 * Math.abs(expected), "streamed step " + (5 + i));
        }
        assertEquals(0.0, reference.steps().get(0).get(Metric.IMAGES_FAILED), "no image failed");
    }
}
