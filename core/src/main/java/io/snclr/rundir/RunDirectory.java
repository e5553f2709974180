package io.snclr.rundir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** A run directory: a new one that must not already hold a run, or an existing one to resume or read. */
public final class RunDirectory {
    private RunDirectory() {}

    /** {@code out}, or a new {@code runs/<method>-<time>}. */
    public static Path of(Path out, String method) {
        return out != null
                ? out
                : Path.of(
                        "runs",
                        method + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /**
     * Refuses a directory that already holds a run, for a new run. Checked by the process that holds the directory's
     * lock, so that a second process is told the directory is in use rather than what the first has written.
     */
    public static void requireFresh(Path dir) {
        if (Checkpoints.exists(dir) || Files.exists(dir.resolve(EncoderFiles.WEIGHTS))) {
            throw new IllegalArgumentException("--out " + dir + ": already holds a run; use --resume " + dir
                    + " to continue it, or choose another --out");
        }
        if (Files.exists(dir.resolve(RunFiles.CONFIG))) {
            throw new IllegalArgumentException("--out " + dir + ": already holds a " + RunFiles.CONFIG
                    + " (a run that never reached its first checkpoint, or a file of yours); choose another --out");
        }
    }

    /**
     * Keeps the run's current config.yaml as {@code config.before-change-N.yaml} (the next free N), before an accepted
     * change of plan replaces it.
     */
    public static void keepConfigBeforeChange(Path dir) {
        try {
            int n = 1;
            while (Files.exists(dir.resolve("config.before-change-" + n + ".yaml"))) n++;
            Files.copy(dir.resolve(RunFiles.CONFIG), dir.resolve("config.before-change-" + n + ".yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the configuration change in " + dir, e);
        }
    }

    /** Checks that {@code dir} holds a checkpoint to resume from. */
    public static void requireCheckpoint(Path dir, String flag) {
        if (!Checkpoints.exists(dir)) {
            throw new IllegalArgumentException(flag + " " + dir + ": no " + RunFiles.CHECKPOINT + " there");
        }
    }
}
