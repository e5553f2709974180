package io.snclr.serve;

import io.snclr.api.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Micro-batching: requests hand in prepared images, one worker embeds whatever has gathered as one batch (up to
 * {@code maxBatch}), so that under load the encoder runs full batches instead of one image at a time, and a lone
 * request waits for nothing. A full queue turns requests away instead of letting latency grow without bound.
 */
final class EmbedQueue implements AutoCloseable {
    private record Job(byte[] pixels, CompletableFuture<float[]> result) {}

    private final Embedder embedder;
    private final int maxBatch;
    private final BlockingQueue<Job> waiting;
    private final Thread worker;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong images = new AtomicLong();
    private volatile boolean closed;

    EmbedQueue(Embedder embedder, int maxBatch, int maxWaiting) {
        this.embedder = embedder;
        this.maxBatch = maxBatch;
        this.waiting = new ArrayBlockingQueue<>(maxWaiting);
        this.worker = new Thread(this::work, "snclr-embed");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues a prepared image ({@link Embedder#prepare}); the future completes with its embedding. */
    CompletableFuture<float[]> submit(byte[] pixels) {
        Job job = new Job(pixels, new CompletableFuture<>());
        if (closed || !waiting.offer(job)) {
            throw new ApiError(503, "busy: " + waiting.size() + " images are waiting to be embedded; try again");
        }
        return job.result();
    }

    /** Batches run so far, and the images in them. */
    long[] counts() {
        return new long[] {batches.get(), images.get()};
    }

    private void work() {
        List<Job> batch = new ArrayList<>();
        while (!closed) {
            try {
                batch.add(waiting.take());
            } catch (InterruptedException e) {
                return;
            }
            waiting.drainTo(batch, maxBatch - 1); // what gathered while the last batch ran
            try {
                int bytes = batch.get(0).pixels().length;
                byte[] all = new byte[batch.size() * bytes];
                for (int i = 0; i < batch.size(); i++)
                    System.arraycopy(batch.get(i).pixels(), 0, all, i * bytes, bytes);
                float[][] vectors = embedder.embedPixels(all, batch.size());
                for (int i = 0; i < batch.size(); i++) batch.get(i).result().complete(vectors[i]);
                batches.incrementAndGet();
                images.addAndGet(batch.size());
            } catch (RuntimeException e) {
                for (Job j : batch) j.result().completeExceptionally(e);
            }
            batch.clear();
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        for (Job j; (j = waiting.poll()) != null; ) j.result().completeExceptionally(new ApiError(503, "stopping"));
    }
}
