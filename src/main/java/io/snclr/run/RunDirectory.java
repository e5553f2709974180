package io.snclr.run;

import io.snclr.model.EncoderFiles;
import io.snclr.train.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** A run directory: a new one that must not already hold a run, or an existing one to resume or read. */
public final class RunDirectory {
    private RunDirectory() {}

    /** {@code out}, or {@code runs/<method>-<time>}; refuses a directory that already holds a run. */
    public static Path fresh(Path out, String method) {
        Path dir = out != null ? out : Path.of("runs", method + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(dir.resolve(RunFiles.CHECKPOINT)) || Files.exists(dir.resolve(EncoderFiles.WEIGHTS))) {
            throw new IllegalArgumentException("--out " + dir + ": already holds a run; use --resume " + dir
                    + " to continue it, or choose another --out");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + ": exists and is not a directory");
        }
        return dir;
    }

    /** Creates {@code dir} and records what will run there; {@code --max-steps} stops one invocation and is not kept. */
    public static void create(Path dir, RunConfig config) {
        RunConfigs.write(config.withLoop(config.loop().withMaxSteps(0)), dir.resolve(RunFiles.CONFIG));
    }

    /** The configuration a run directory was started with. */
    public static RunConfig config(Path dir, String flag) {
        Path file = dir.resolve(RunFiles.CONFIG);
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(flag + " " + dir + ": no " + RunFiles.CONFIG + " there");
        return RunConfigs.read(file);
    }

    /** Checks that {@code dir} holds a checkpoint to resume from. */
    public static void requireCheckpoint(Path dir, String flag) {
        if (!Files.isRegularFile(dir.resolve(RunFiles.CHECKPOINT))) {
            throw new IllegalArgumentException(flag + " " + dir + ": no " + RunFiles.CHECKPOINT + " there");
        }
    }
}
