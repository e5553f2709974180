package io.snclr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.augment.BatchAugmenter;
import io.snclr.augment.ViewPreset;
import io.snclr.augment.ViewRecipe;
import io.snclr.augment.ViewsConfig;
import io.snclr.data.DataConfig;
import io.snclr.data.DataSplits;
import io.snclr.data.EpochSampler;
import io.snclr.data.ImageSet;
import io.snclr.data.LoadMode;
import io.snclr.data.RankSlice;
import io.snclr.data.TestImages;
import io.snclr.engine.Device;
import io.snclr.engine.ResidentMemory;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming a folder many times larger than the prefetch window through the training loader: resident memory stays
 * flat (it depends on the window, not on the images seen), and the views are the same with one worker or three.
 */
class StreamingMemoryTest extends TorchTest {
    private static final int IMAGES = 240;
    private static final int BATCH = 16;

    @Test
    void residentMemoryStaysBoundedWhileStreamingAndViewsDoNotDependOnWorkers(@TempDir Path root) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < IMAGES; i++) {
            files.put(
                    (i % 2 == 0 ? "a/" : "b/") + i + ".jpg",
                    TestImages.encode(TestImages.photo(320 + i % 7 * 40, 240, i), "jpg"));
        }
        for (var e : files.entrySet())
            TestImages.write(
                    root.resolve(e.getKey()).getParent(),
                    Map.of(Path.of(e.getKey()).getFileName().toString(), e.getValue()));
        ImageSet set = streamed(root, 2);
        assertTrue(set.streamed() != null);
        BatchAugmenter aug = ViewsConfig.DEFAULT.augmenter(set, 7, Device.CPU, ViewRecipe.of(ViewPreset.BYOL), false);
        EpochSampler plan = new EpochSampler(set.size(), BATCH, 7);
        long steps = 12L * plan.stepsPerEpoch(); // 12 epochs: 2,880 images decoded through a window of 3 batches
        long warm = 0, peakAfterWarm = 0;
        float first = 0;
        try (Prefetcher p = new Prefetcher(set, RankSlice.whole(plan, BATCH), aug, 0, steps, 1)) {
            for (long step = 0; step < steps; step++) {
                try (Scope s = Scope.open()) {
                    Batch b = p.next(s);
                    assertEquals(step, b.step());
                    if (step == 0) first = Tensors.toFloats(b.view1().sum())[0];
                }
                if (step == 2 * plan.stepsPerEpoch()) warm = ResidentMemory.bytes();
                if (step > 2 * plan.stepsPerEpoch()) peakAfterWarm = Math.max(peakAfterWarm, ResidentMemory.bytes());
            }
        }
        long growth = peakAfterWarm - warm;
        assertTrue(growth < 120L << 20, "resident memory grew " + (growth >> 20) + " MB after warm-up");

        ImageSet three = streamed(root, 3);
        try (Scope s = Scope.open()) {
            Batch b = Prefetcher.prepare(
                    three,
                    RankSlice.whole(plan, BATCH),
                    ViewsConfig.DEFAULT.augmenter(three, 7, Device.CPU, ViewRecipe.of(ViewPreset.BYOL), false),
                    0);
            assertEquals(
                    first, Tensors.toFloats(b.view1().sum())[0], 1e-3 * Math.abs(first), "3 workers: the same views");
        }
    }

    private static ImageSet streamed(Path root, int workers) {
        return new DataSplits(DataConfig.DEFAULT
                        .withSource(root.toString(), null)
                        .withImages(48, 3, null)
                        .withLoading(LoadMode.STREAM, workers, 0.05))
                .train(0);
    }
}
