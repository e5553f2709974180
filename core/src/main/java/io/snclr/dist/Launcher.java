package io.snclr.dist;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --nproc N}: runs the same command as N local worker processes (this JVM's java, options and class path),
 * each with RANK / WORLD_SIZE / LOCAL_RANK / MASTER_ADDR / MASTER_PORT set as torchrun would; rank 0 logs, the others
 * only warn. When one worker fails the others are stopped; Ctrl-C stops them all (rank 0 checkpoints first).
 */
public final class Launcher {
    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
    /** Ctrl-C: time for rank 0 to finish its step and write a checkpoint. */
    private static final long STOP_GRACE_SECONDS = 120;
    /** After a worker failed: the others end at their next collective; a hung one is killed after this. */
    private static final long FAILURE_GRACE_SECONDS = 15;

    private Launcher() {}

    /**
     * {@code --nproc N}: the command line {@code given} again as N local ranks (without {@code --nproc}), all on one run
     * directory, the machine's cores shared between them.
     *
     * @param out the run directory to add as {@code --out}, when the command line named none (null: it did)
     * @param threadsGiven whether the command line set {@code --threads}; if not, each rank gets cores / N
     * @param quiet what ranks above 0 add to the command line so they do not draw progress (pretrain's
     *     {@code --progress off}); empty for commands that draw none
     */
    public static int relaunch(
            int nproc, String mainClass, List<String> given, Path out, boolean threadsGiven, List<String> quiet)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String a = given.get(i);
            if (a.equals("--nproc")) i++;
            else if (!a.startsWith("--nproc=")) args.add(a);
        }
        if (out != null) args.addAll(List.of("--out", out.toString()));
        if (!threadsGiven) {
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / nproc);
            args.addAll(List.of("--threads", String.valueOf(threads)));
        }
        return run(nproc, mainClass, args, quiet);
    }

    /** Runs {@code mainClass args} as {@code nproc} workers and returns the exit code (the first failure's). */
    public static int run(int nproc, String mainClass, List<String> args, List<String> quiet)
            throws IOException, InterruptedException {
        int port = freePort();
        List<Process> workers = new ArrayList<>();
        Thread stopAll = new Thread(() -> stop(workers, STOP_GRACE_SECONDS), "snclr-stop-workers");
        Runtime.getRuntime().addShutdownHook(stopAll);
        try {
            for (int rank = 0; rank < nproc; rank++) workers.add(start(rank, nproc, port, mainClass, args, quiet));
            LOG.info("started {} worker processes (rendezvous 127.0.0.1:{})", nproc, port);
            return await(workers);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopAll);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already stopping the workers
            }
        }
    }

    private static Process start(int rank, int world, int port, String mainClass, List<String> args, List<String> quiet)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (rank > 0) cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        if (rank > 0) cmd.addAll(quiet);
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        Map<String, String> env = pb.environment();
        env.put("RANK", String.valueOf(rank));
        env.put("LOCAL_RANK", String.valueOf(rank));
        env.put("WORLD_SIZE", String.valueOf(world));
        env.put("MASTER_ADDR", "127.0.0.1");
        env.put("MASTER_PORT", String.valueOf(port));
        return pb.start();
    }

    /** Waits for all workers; the first to fail stops the others. */
    private static int await(List<Process> workers) throws InterruptedException {
        while (true) {
            boolean running = false;
            for (int rank = 0; rank < workers.size(); rank++) {
                Process p = workers.get(rank);
                if (p.isAlive()) {
                    running = true;
                } else if (p.exitValue() != 0) {
                    LOG.error("worker {} exited with {}; stopping the others", rank, p.exitValue());
                    stop(workers, FAILURE_GRACE_SECONDS);
                    return p.exitValue();
                }
            }
            if (!running) return 0;
            workers.get(0).waitFor(200, TimeUnit.MILLISECONDS);
        }
    }

    /** SIGTERM to every live worker (rank 0 writes a checkpoint), then SIGKILL to what is left after the grace. */
    private static void stop(List<Process> workers, long graceSeconds) {
        for (Process p : workers) if (p.isAlive()) p.destroy();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
        for (Process p : workers) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
