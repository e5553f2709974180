package io.snclr.dist;

import io.snclr.engine.Rendezvous;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where this process sits in a data-parallel run, from the variables its launcher sets: torchrun's (and this
 * project's {@code --nproc}) RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT, with the torchrun agent's own
 * store when TORCHELASTIC_USE_AGENT_STORE says so; or, under {@code srun}, SLURM's SLURM_PROCID,
 * SLURM_STEP_NUM_TASKS, SLURM_LOCALID and the step's first node.
 *
 * @param agentStore the launcher's agent serves the store at MASTER_ADDR:MASTER_PORT (torchrun): every rank joins
 *     it as a client
 * @param restartCount torchrun's TORCHELASTIC_RESTART_COUNT: which attempt this is
 */
public record DistEnv(
        int rank,
        int worldSize,
        int localRank,
        String masterAddr,
        int masterPort,
        boolean agentStore,
        int restartCount,
        String launcher) {
    /** torchrun's default MASTER_PORT, used under SLURM when none is set. */
    static final int DEFAULT_PORT = 29500;

    public DistEnv {
        if (worldSize < 1) throw new IllegalArgumentException("WORLD_SIZE must be >= 1, got " + worldSize);
        if (rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("RANK must be in [0, " + worldSize + "), got " + rank);
        }
        if (masterPort < 1 || masterPort > 65535)
            throw new IllegalArgumentException("MASTER_PORT must be a TCP port, got " + masterPort);
    }

    /** A process of this project's own launcher ({@code --nproc}) or one set by hand. */
    public DistEnv(int rank, int worldSize, int localRank, String masterAddr, int masterPort) {
        this(rank, worldSize, localRank, masterAddr, masterPort, false, 0, "env");
    }

    /** The run's place when WORLD_SIZE (or, under srun, SLURM_STEP_NUM_TASKS) is above 1; empty for one process. */
    public static Optional<DistEnv> from(Map<String, String> env) {
        String world = env.get("WORLD_SIZE");
        if (world != null && !world.isBlank()) {
            if (parse(env, "WORLD_SIZE", "1") == 1) {
                int rank = parse(env, "RANK", "0");
                if (rank != 0) {
                    throw new IllegalArgumentException("RANK=" + rank + " with WORLD_SIZE=1: a rank must be below the "
                            + "number of processes (check the launcher's variables)");
                }
                return Optional.empty();
            }
            String addr = env.getOrDefault("MASTER_ADDR", "");
            if (addr.isBlank())
                throw new IllegalArgumentException("MASTER_ADDR: not set (expected the host of rank 0)");
            boolean agent = "True".equals(env.get("TORCHELASTIC_USE_AGENT_STORE"));
            return Optional.of(new DistEnv(
                    parse(env, "RANK", null),
                    parse(env, "WORLD_SIZE", null),
                    parse(env, "LOCAL_RANK", "0"),
                    addr,
                    parse(env, "MASTER_PORT", null),
                    agent,
                    agent ? parse(env, "TORCHELASTIC_RESTART_COUNT", "0") : 0,
                    env.containsKey("TORCHELASTIC_RUN_ID") ? "torchrun" : "env"));
        }
        // srun sets the step's variables; a batch script's own shell has SLURM_NTASKS but is a single process
        String tasks = env.get("SLURM_STEP_NUM_TASKS");
        if (tasks == null || tasks.isBlank() || parse(env, "SLURM_STEP_NUM_TASKS", "1") == 1) return Optional.empty();
        String addr = env.getOrDefault("MASTER_ADDR", "");
        if (addr.isBlank()) {
            String nodes = env.getOrDefault("SLURM_STEP_NODELIST", env.getOrDefault("SLURM_JOB_NODELIST", ""));
            if (nodes.isBlank()) {
                throw new IllegalArgumentException(
                        "MASTER_ADDR: not set, and SLURM_STEP_NODELIST does not name the step's nodes");
            }
            addr = SlurmHosts.first(nodes);
        }
        return Optional.of(new DistEnv(
                parse(env, "SLURM_PROCID", null),
                parse(env, "SLURM_STEP_NUM_TASKS", null),
                parse(env, "SLURM_LOCALID", "0"),
                addr,
                parse(env, "MASTER_PORT", String.valueOf(DEFAULT_PORT)),
                false,
                0,
                "slurm"));
    }

    /** Where the ranks meet: the agent's store (every rank a client) or rank 0's. */
    public Rendezvous rendezvous() {
        return new Rendezvous(
                masterAddr,
                masterPort,
                rank,
                worldSize,
                !agentStore && rank == 0,
                agentStore ? "/worker/attempt_" + restartCount : "");
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
        if (v == null) throw new IllegalArgumentException(name + ": not set (needed for a run of several processes)");
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected a whole number, got '" + v + "'");
        }
    }
}
