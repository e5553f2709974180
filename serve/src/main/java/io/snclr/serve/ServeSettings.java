package io.snclr.serve;

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
 */
public record ServeSettings(
        String host,
        int port,
        long maxUploadBytes,
        int maxBatch,
        int maxWaiting,
        int maxK,
        int candidates,
        int timeoutSeconds) {
    public ServeSettings {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        if (maxUploadBytes < 1) throw new IllegalArgumentException("--max-upload-mb must be > 0");
        if (maxBatch < 1) throw new IllegalArgumentException("--max-batch must be >= 1, got " + maxBatch);
        if (maxWaiting < 1) throw new IllegalArgumentException("--max-waiting must be >= 1, got " + maxWaiting);
        if (maxK < 1) throw new IllegalArgumentException("--max-k must be >= 1, got " + maxK);
        if (candidates < 1) throw new IllegalArgumentException("--candidates must be >= 1, got " + candidates);
        if (timeoutSeconds < 1) throw new IllegalArgumentException("--timeout must be >= 1 s, got " + timeoutSeconds);
    }
}
