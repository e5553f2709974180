package io.snclr.serve;

import io.snclr.api.Embedder;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Uploaded images decoded off the request threads, inside the service's admission control: each upload's size is read
 * from its header, it waits for its pixels in the {@link PixelBudget}, and it is decoded on one of a few threads of
 * its own. A request whose deadline passes is answered then, while a decode already under way (native code, not
 * interruptible) finishes in the background still holding its pixels, so the budget keeps counting it.
 */
final class UploadDecoder implements AutoCloseable {
    private final Embedder embedder;
    private final PixelBudget budget;
    private final ExecutorService threads;

    UploadDecoder(Embedder embedder, long budgetPixels, int maxWaiting) {
        this.embedder = embedder;
        this.budget = new PixelBudget(budgetPixels, maxWaiting);
        int n = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.threads = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "snclr-decode");
            t.setDaemon(true); // a decode still running at exit holds nothing that must be kept
            return t;
        });
    }

    /**
     * The upload's pixels prepared for the encoder ({@link Embedder#prepare}), or a failure with the {@link ApiError}
     * to answer: 400 for what is not a usable image, 503 when it cannot start decoding before {@code deadlineNanos}.
     */
    CompletableFuture<byte[]> prepare(byte[] encoded, long deadlineNanos) {
        if (encoded.length == 0) {
            return CompletableFuture.failedFuture(
                    new ApiError(400, "no image: send the bytes of a JPEG or PNG file as the body"));
        }
        long pixels;
        try {
            pixels = Embedder.pixelsOf(encoded);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new ApiError(400, "not a usable image: " + e.getMessage()));
        }
        long left = deadlineNanos - System.nanoTime();
        CompletableFuture<PixelBudget.Lease> claim = budget.claim(pixels);
        claim.orTimeout(Math.max(1, left), TimeUnit.NANOSECONDS); // a claim not granted by then is withdrawn
        return claim.thenApplyAsync(
                lease -> {
                    try (lease) {
                        if (System.nanoTime() > deadlineNanos) throw new ApiError(503, "deadline passed");
                        return embedder.prepare(encoded);
                    } catch (IOException e) {
                        throw new ApiError(400, "not a usable image: " + e.getMessage());
                    }
                },
                threads);
    }

    /** Pixels decoding now. */
    long pixelsInUse() {
        return budget.inUse();
    }

    @Override
    public void close() {
        budget.close();
        threads.shutdownNow();
    }
}
