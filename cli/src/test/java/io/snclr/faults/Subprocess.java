package io.snclr.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code snclr} in a JVM of its own (same class path as the tests), to be killed, interrupted or raced. */
public final class Subprocess {
    public final Process process;
    public final Path log;

    private Subprocess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static Subprocess start(Path log, String... args) throws IOException {
        return start(log, java.util.Map.of(), args);
    }

    /** As {@link #start(Path, String...)} with {@code env} added to the environment (a launcher's RANK, say). */
    public static Subprocess start(Path log, java.util.Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                "io.snclr.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        return new Subprocess(p, log);
    }

    /** Waits until {@code file} has at least {@code lines} lines (metrics rows), or fails after a minute. */
    public void awaitLines(Path file, int lines) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new AssertionError("snclr ended early:\n" + Files.readString(log));
            if (Files.isRegularFile(file) && Files.readAllLines(file).size() >= lines) return;
            Thread.sleep(50);
        }
        throw new AssertionError("no " + lines + " lines in " + file + " within 120 s:\n" + Files.readString(log));
    }

    public void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
    }

    public int awaitExit() throws Exception {
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("snclr did not end:\n" + Files.readString(log));
        }
        return process.exitValue();
    }
}
