package io.snclr.serve;

import io.snclr.api.Embedder;

/**
 * How the service listens and what it accepts.
 *
 * @param host the address to bind (127.0.0.1: this machine only)
 * @param port the port (0: any free one, printed at start)
 * @param maxUploadBytes the largest image accepted
 * @param maxBatch the most images embedded in one forward pass
 * @param maxWaiting images waiting to be embedded beyond which requests are turned away (503)
 * @param maxK the most neighbours one search may ask for
 * @param candidates candidates the HNSW search keeps (at least k)
 * @param timeoutSeconds the longest an upload may take to arrive, and a request wait for its embedding; also the
 *     idle timeout of a connection
 * @param decodeMegapixels the pixels, in millions, decoded at once across all requests: bounds the memory decoding
 *     takes (at least one image at the largest size accepted, {@link Embedder#MAX_IMAGE_PIXELS})
 */
public record ServeSettings(
        String host,
        int port,
        long maxUploadBytes,
        int maxBatch,
        int maxWaiting,
        int maxK,
        int candidates,
        int timeoutSeconds,
        int decodeMegapixels) {
    public ServeSettings {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        if (maxUploadBytes < 1) throw new IllegalArgumentException("--max-upload-mb must be > 0");
        if (maxBatch < 1) throw new IllegalArgumentException("--max-batch must be >= 1, got " + maxBatch);
        if (maxWaiting < 1) throw new IllegalArgumentException("--max-waiting must be >= 1, got " + maxWaiting);
        if (maxK < 1) throw new IllegalArgumentException("--max-k must be >= 1, got " + maxK);
        if (candidates < 1) throw new IllegalArgumentException("--candidates must be >= 1, got " + candidates);
        if (timeoutSeconds < 1) throw new IllegalArgumentException("--timeout must be >= 1 s, got " + timeoutSeconds);
        if (decodeMegapixels * 1_000_000L < Embedder.MAX_IMAGE_PIXELS) {
            throw new IllegalArgumentException(
                    "--decode-megapixels must be at least " + Embedder.MAX_IMAGE_PIXELS / 1_000_000
                            + " (one image at the largest size accepted), got " + decodeMegapixels);
        }
    }
}
