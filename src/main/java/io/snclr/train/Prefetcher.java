package io.snclr.train;

import io.snclr.augment.BatchAugmenter;
import io.snclr.data.BatchPlan;
import io.snclr.data.ImageSet;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bytedeco.pytorch.Tensor;

/**
 * Gathers and augments upcoming batches on a background thread, so the training step finds its views ready.
 * Views depend only on (seed, step), so prefetching never changes what is trained on.
 */
final class Prefetcher implements BatchSource {
    private static final Object END = new Object();

    private final ImageSet data;
    private final BatchPlan sampler;
    private final BatchAugmenter augmenter;
    private final BlockingQueue<Object> ready;
    private final Thread worker;
    private volatile boolean closed;

    Prefetcher(ImageSet data, BatchPlan sampler, BatchAugmenter augmenter, long firstStep, long endStep, int depth) {
        this.data = data;
        this.sampler = sampler;
        this.augmenter = augmenter;
        this.ready = new ArrayBlockingQueue<>(Math.max(1, depth));
        this.worker = new Thread(() -> produce(firstStep, endStep), "snclr-prefetch");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Makes the batch of {@code step} on the calling thread (also what the worker runs). */
    static Batch prepare(ImageSet data, BatchPlan sampler, BatchAugmenter augmenter, long step) {
        long t0 = System.nanoTime();
        int[] idx = sampler.batch(step);
        long[] labels = new long[idx.length];
        for (int j = 0; j < idx.length; j++) labels[j] = data.labels()[idx[j]];
        Tensor images = Tensors.bytes(data.gather(idx), idx.length, data.channels(), data.height(), data.width());
        Tensor[] views = augmenter.views(images, step);
        return new Batch(step, idx, views[0], views[1], Tensors.longs(labels, idx.length), (System.nanoTime() - t0) / 1e9);
    }

    private void produce(long firstStep, long endStep) {
        try {
            for (long step = firstStep; step < endStep && !closed; step++) {
                Batch b;
                try (Scope s = Scope.open()) {
                    b = prepare(data, sampler, augmenter, step);
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
        if (o instanceof RuntimeException e) throw new IllegalStateException("data loading failed: " + e.getMessage(), e);
        if (o instanceof Error e) throw e;
        throw new IllegalStateException("the data loader ran out of batches");
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
