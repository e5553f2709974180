package io.snclr.train;

import io.snclr.augment.BatchAugmenter;
import io.snclr.data.ImageSet;
import io.snclr.data.Originals;
import io.snclr.data.RankSlice;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.pytorch.Tensor;

/**
 * Gathers and augments upcoming batches on a background thread, so the training step finds its views ready. For a
 * streamed set the next step's images are decoded (on the set's workers) while this step's are augmented; memory is
 * bounded by {@code depth} + 2 batches. Views depend only on (seed, step), so prefetching never changes what is
 * trained on.
 */
final class Prefetcher implements BatchSource {
    private static final Object END = new Object();

    private final ImageSet data;
    private final RankSlice sampler;
    private final BatchAugmenter augmenter;
    private final BlockingQueue<Object> ready;
    private final Thread worker;
    /** Decodes one step ahead for streamed sets, so decoding overlaps the augmentation of the step before. */
    private final ExecutorService decoder;

    private volatile boolean closed;

    Prefetcher(ImageSet data, RankSlice sampler, BatchAugmenter augmenter, long firstStep, long endStep, int depth) {
        this.data = data;
        this.sampler = sampler;
        this.augmenter = augmenter;
        this.ready = new ArrayBlockingQueue<>(Math.max(1, depth));
        this.decoder = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "snclr-decode-ahead");
            t.setDaemon(true);
            return t;
        });
        this.worker = new Thread(() -> produce(firstStep, endStep), "snclr-prefetch");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Makes the batch of {@code step} on the calling thread (also what the worker runs). */
    static Batch prepare(ImageSet data, RankSlice sampler, BatchAugmenter augmenter, long step) {
        long t0 = System.nanoTime();
        int[] idx = sampler.batch(step);
        return finish(data, sampler, augmenter, step, idx, decode(data, sampler, augmenter, step, idx), t0);
    }

    /** A streamed set's decoded crops of both views (the slow part, on the decode workers); null for in-memory sets. */
    private static byte[][] decode(ImageSet data, RankSlice slice, BatchAugmenter augmenter, long step, int[] idx) {
        Originals streamed = data.originals();
        return streamed == null ? null : streamed.decodeViews(idx, augmenter.crops(step, slice.offset()));
    }

    private static Batch finish(
            ImageSet data, RankSlice slice, BatchAugmenter augmenter, long step, int[] idx, byte[][] crops, long t0) {
        long[] labels = new long[idx.length];
        for (int j = 0; j < idx.length; j++) labels[j] = data.labels()[idx[j]];
        Tensor[] views;
        if (crops == null) {
            views = augmenter.views(
                    Tensors.bytes(data.gather(idx), idx.length, data.channels(), data.height(), data.width()),
                    step,
                    slice.offset(),
                    slice.globalBatch());
        } else {
            views = augmenter.viewsOfCrops(
                    Tensors.bytes(crops[0], idx.length, data.channels(), data.height(), data.width()),
                    Tensors.bytes(crops[1], idx.length, data.channels(), data.height(), data.width()),
                    step,
                    slice.offset(),
                    slice.globalBatch());
        }
        return new Batch(
                step, idx, views[0], views[1], Tensors.longs(labels, idx.length), (System.nanoTime() - t0) / 1e9);
    }

    /** A step whose batch is being chosen and decoded while the step before it is augmented. */
    private record Pending(long step, Future<Chosen> chosen, long started) {}

    /** The step's images and, for a streamed set, their decoded crops. */
    private record Chosen(int[] idx, byte[][] crops) {}

    /**
     * On the decode thread: the plan may block (SPCL's waits for the epoch's prototypes, which the trainer makes only
     * after it has taken the step before), so the step before must not wait for it.
     */
    private Pending submit(long step) {
        return new Pending(
                step,
                decoder.submit(() -> {
                    int[] idx = sampler.batch(step);
                    return new Chosen(idx, decode(data, sampler, augmenter, step, idx));
                }),
                System.nanoTime());
    }

    private void produce(long firstStep, long endStep) {
        try {
            Pending next = firstStep < endStep ? submit(firstStep) : null;
            while (next != null && !closed) {
                Pending current = next;
                next = current.step() + 1 < endStep ? submit(current.step() + 1) : null;
                Batch b;
                try (Scope s = Scope.open()) {
                    Chosen c = current.chosen().get();
                    b = finish(data, sampler, augmenter, current.step(), c.idx(), c.crops(), current.started());
                    s.keep(b.view1());
                    s.keep(b.view2());
                    s.keep(b.labels());
                }
                while (!closed && !ready.offer(b, 100, TimeUnit.MILLISECONDS)) {
                    // wait for the trainer to take a batch
                }
            }
            ready.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            ready.offer(e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause()));
        } catch (RuntimeException | Error e) {
            ready.offer(e);
        }
    }

    @Override
    public Batch next(Scope scope) throws InterruptedException {
        Object o = ready.take();
        if (o instanceof Batch b) {
            scope.adopt(b.view1());
            scope.adopt(b.view2());
            scope.adopt(b.labels());
            return b;
        }
        if (o instanceof RuntimeException e)
            throw new IllegalStateException("data loading failed: " + e.getMessage(), e);
        if (o instanceof Error e) throw e;
        throw new IllegalStateException("the data loader ran out of batches");
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        decoder.shutdownNow();
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
