package io.snclr.serve;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Request bodies read as their bytes arrive, so that a client who announces an upload and stalls holds no request
 * thread, with one deadline from the start of the upload that trickled bytes do not extend.
 */
final class Uploads {
    private final long maxBytes;
    private final int timeoutSeconds;

    Uploads(long maxBytes, int timeoutSeconds) {
        this.maxBytes = maxBytes;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The whole body, or a failure that {@link #refusal} turns into the answer to send. */
    CompletableFuture<byte[]> read(Request request) {
        long announced = request.getLength();
        if (announced > maxBytes) return CompletableFuture.failedFuture(tooLarge(announced));
        return Content.Source.asByteArrayAsync(request, (int) maxBytes).orTimeout(timeoutSeconds, TimeUnit.SECONDS);
    }

    /**
     * Why {@link #read} failed, as an answer: 413 over the limit (announced or not), 408 when the body was not
     * complete {@code timeoutSeconds} after it began, 400 when the client broke it off.
     */
    ApiError refusal(Throwable failure) {
        Throwable cause = ApiError.causeOf(failure);
        if (cause instanceof ApiError a) return a;
        if (cause instanceof TimeoutException) {
            return new ApiError(408, "the upload took longer than " + timeoutSeconds + " s");
        }
        // Jetty refuses content over the limit with an IllegalStateException ("Max size (n) exceeded"), also when
        // the upload is chunked and announced no length
        if (cause instanceof IllegalArgumentException
                || (cause instanceof IllegalStateException
                        && String.valueOf(cause.getMessage()).startsWith("Max size"))) {
            return tooLarge(-1);
        }
        return new ApiError(400, "the upload failed: " + cause.getMessage());
    }

    private ApiError tooLarge(long bytes) {
        return new ApiError(
                413,
                "the image is larger than the limit of " + maxBytes + " bytes" + (bytes > 0 ? " (" + bytes + ")" : ""));
    }
}
