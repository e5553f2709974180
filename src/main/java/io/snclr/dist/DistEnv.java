package io.snclr.dist;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where this process sits in a data-parallel run, from the variables torchrun and cluster launchers set:
 * RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT.
 */
public record DistEnv(int rank, int worldSize, int localRank, String masterAddr, int masterPort) {
    public DistEnv {
        if (worldSize < 1) throw new IllegalArgumentException("WORLD_SIZE must be >= 1, got " + worldSize);
        if (rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("RANK must be in [0, " + worldSize + "), got " + rank);
        }
        if (masterPort < 1 || masterPort > 65535)
            throw new IllegalArgumentException("MASTER_PORT must be a TCP port, got " + masterPort);
    }

    /** The run's place when WORLD_SIZE is set (and above 1); empty for a single process. */
    public static Optional<DistEnv> from(Map<String, String> env) {
        String world = env.get("WORLD_SIZE");
        if (world == null || world.isBlank() || parse(env, "WORLD_SIZE", "1") == 1) return Optional.empty();
        String addr = env.getOrDefault("MASTER_ADDR", "");
        if (addr.isBlank()) throw new IllegalArgumentException("MASTER_ADDR: not set (expected the host of rank 0)");
        return Optional.of(new DistEnv(
                parse(env, "RANK", null),
                parse(env, "WORLD_SIZE", null),
                parse(env, "LOCAL_RANK", "0"),
                addr,
                parse(env, "MASTER_PORT", null)));
    }

    /** How long a collective waits for the other ranks before this one gives up: SNCLR_DIST_TIMEOUT seconds, 300. */
    public Duration collectiveTimeout() {
        return collectiveTimeout(System.getenv());
    }

    static Duration collectiveTimeout(Map<String, String> env) {
        String v = env.getOrDefault("SNCLR_DIST_TIMEOUT", "300");
        try {
            long s = Long.parseLong(v.strip());
            if (s > 0) return Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            // the error below
        }
        throw new IllegalArgumentException("SNCLR_DIST_TIMEOUT: expected seconds > 0, got '" + v + "'");
    }

    private static int parse(Map<String, String> env, String name, String fallback) {
        String v = env.getOrDefault(name, fallback);
        if (v == null) throw new IllegalArgumentException(name + ": not set (needed when WORLD_SIZE is set)");
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected a whole number, got '" + v + "'");
        }
    }
}
