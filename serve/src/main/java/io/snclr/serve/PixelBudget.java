package io.snclr.serve;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The pixels being decoded at once, across every request: an upload is decoded only once its pixels fit beside the
 * others', so the memory decoding takes is bounded however many large images arrive together. Claims wait in the
 * order they came, but a smaller one that fits passes a larger one that does not, so a photo is not held up behind
 * images at the pixel limit.
 */
final class PixelBudget {
    /** Pixels held while an image decodes; closing gives them back. */
    final class Lease implements AutoCloseable {
        private final long pixels;
        private boolean returned;

        private Lease(long pixels) {
            this.pixels = pixels;
        }

        @Override
        public void close() {
            synchronized (PixelBudget.this) {
                if (returned) return;
                returned = true;
            }
            giveBack(pixels);
        }
    }

    private record Claim(long pixels, CompletableFuture<Lease> granted) {}

    private final long capacity;
    private final int maxWaiting;
    private final LinkedList<Claim> waiting = new LinkedList<>();
    private long inUse;
    private boolean closed;

    PixelBudget(long capacity, int maxWaiting) {
        this.capacity = capacity;
        this.maxWaiting = maxWaiting;
    }

    /**
     * A lease on {@code pixels}, at once when they fit, else when enough have been given back. Completing the
     * returned future (a timeout, a stop) withdraws the claim.
     */
    synchronized CompletableFuture<Lease> claim(long pixels) {
        if (closed) return CompletableFuture.failedFuture(new ApiError(503, "the service is stopping"));
        if (pixels > capacity) {
            return CompletableFuture.failedFuture(
                    new ApiError(413, "the image has " + pixels + " pixels, above the decoding budget of " + capacity));
        }
        if (inUse + pixels <= capacity) {
            inUse += pixels;
            return CompletableFuture.completedFuture(new Lease(pixels));
        }
        waiting.removeIf(c -> c.granted().isDone()); // withdrawn claims
        if (waiting.size() >= maxWaiting) {
            return CompletableFuture.failedFuture(
                    new ApiError(503, "busy: " + waiting.size() + " images are waiting to be decoded; try again"));
        }
        Claim claim = new Claim(pixels, new CompletableFuture<>());
        waiting.add(claim);
        return claim.granted();
    }

    /** Pixels decoding now. */
    synchronized long inUse() {
        return inUse;
    }

    /** Refuses the claims waiting and every later one. */
    void close() {
        List<Claim> refused;
        synchronized (this) {
            closed = true;
            refused = new ArrayList<>(waiting);
            waiting.clear();
        }
        for (Claim c : refused) c.granted().completeExceptionally(new ApiError(503, "the service is stopping"));
    }

    private void giveBack(long pixels) {
        List<Claim> granted = new ArrayList<>();
        synchronized (this) {
            inUse -= pixels;
            for (Iterator<Claim> it = waiting.iterator(); it.hasNext(); ) {
                Claim c = it.next();
                if (c.granted().isDone()) {
                    it.remove(); // withdrawn
                } else if (inUse + c.pixels() <= capacity) {
                    it.remove();
                    inUse += c.pixels();
                    granted.add(c);
                }
            }
        }
        for (Claim c : granted) {
            Lease lease = new Lease(c.pixels());
            if (!c.granted().complete(lease)) lease.close(); // withdrawn meanwhile
        }
    }
}
