package io.snclr.train;

import io.snclr.augment.BatchAugmenter;
import io.snclr.data.ImageSet;
import io.snclr.data.Originals;
import io.snclr.data.RankSlice;
import io.snclr.engine.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the data loader alone, as training drives it (prefetching, decoding one step ahead) but with nothing to
 * train: how many images per second of both views it can deliver, and what the decoding and the batched colour
 * augmentation cost of it.
 */
public final class LoaderTiming {
    /**
     * Seconds per batch: between batches delivered by the loader, and of decoding and of augmenting alone (the
     * decode list is empty for a set held in memory).
     */
    public record Result(int batchSize, List<Double> between, List<Double> decode, List<Double> augment) {}

    private LoaderTiming() {}

    public static Result run(ImageSet data, RankSlice plan, BatchAugmenter augmenter, int warmup, int steps)
            throws InterruptedException {
        List<Double> between = new ArrayList<>();
        try (Prefetcher loader = new Prefetcher(data, plan, augmenter, 0, warmup + steps, 2)) {
            long last = System.nanoTime();
            for (int step = 0; step < warmup + steps; step++) {
                try (Scope s = Scope.open()) {
                    loader.next(s);
                }
                long now = System.nanoTime();
                if (step >= warmup) between.add((now - last) / 1e9);
                last = now;
            }
        }
        List<Double> decode = new ArrayList<>(), augment = new ArrayList<>();
        Originals streamed = data.originals();
        for (int step = 0; step < Math.min(steps, 5); step++) { // the two parts alone, one after the other
            int[] idx = plan.batch(step);
            long t0 = System.nanoTime();
            try (Scope s = Scope.open()) {
                if (streamed != null) streamed.decodeViews(idx, augmenter.crops(step, plan.offset()));
                long t1 = System.nanoTime();
                Prefetcher.prepare(data, plan, augmenter, step);
                long t2 = System.nanoTime();
                decode.add((t1 - t0) / 1e9);
                augment.add(Math.max(0, (t2 - t1) - (t1 - t0)) / 1e9);
            }
        }
        return new Result(plan.size(), between, streamed == null ? List.of() : decode, augment);
    }
}
