package io.snclr.engine;

/**
 * Where a process group meets: the TCP store at {@code host:port}, and whether this process serves it. Without a
 * launcher's agent, rank 0 serves it; under torchrun the agent already serves one there, every rank is its client, and
 * keys go under {@code /worker/attempt_<restart>} as torch's env:// rendezvous puts them.
 *
 * @param keyPrefix the store's key prefix, or "" for none
 */
public record Rendezvous(String host, int port, int rank, int world, boolean serveStore, String keyPrefix) {
    public Rendezvous {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("MASTER_PORT must be a TCP port, got " + port);
        if (keyPrefix == null) throw new IllegalArgumentException("keyPrefix: null");
    }
}
