package io.snclr.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.snclr.model.EncoderFiles;
import io.snclr.train.Checkpoints;
import io.snclr.train.RunFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** A run directory: a new one that must not already hold a run, or an existing one to resume or read. */
public final class RunDirectory {
    private RunDirectory() {}

    /** {@code out}, or {@code runs/<method>-<time>}; refuses a directory that already holds a run. */
    public static Path fresh(Path out, String method) {
        Path dir = out != null
                ? out
                : Path.of(
                        "runs",
                        method + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Checkpoints.exists(dir) || Files.exists(dir.resolve(EncoderFiles.WEIGHTS))) {
            throw new IllegalArgumentException("--out " + dir + ": already holds a run; use --resume " + dir
                    + " to continue it, or choose another --out");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + ": exists and is not a directory");
        }
        if (Files.exists(dir.resolve(RunFiles.CONFIG))) {
            throw new IllegalArgumentException("--out " + dir + ": already holds a " + RunFiles.CONFIG
                    + " (a run that never reached its first checkpoint, or a file of yours); choose another --out");
        }
        return dir;
    }

    /** Creates {@code dir} and records what will run there; {@code --max-steps} stops one invocation and is not kept. */
    public static void create(Path dir, RunConfig config) {
        RunConfigs.write(config.withLoop(config.loop().withMaxSteps(0)), dir.resolve(RunFiles.CONFIG));
    }

    /**
     * The settings of a resumed run that change what it computes, against those it was started with: everything
     * but the loop's bookkeeping, the threads and decoding workers, the device, the memory budget and the evaluation. One "flag: old -> new" per change.
     */
    public static List<String> planChanges(RunConfig started, RunConfig now) {
        JsonNode a = RunConfigs.toJson(started), b = RunConfigs.toJson(now);
        List<String> out = new ArrayList<>();
        for (ConfigKey k : RunConfigs.keys()) {
            if (k.section().equals("loop")
                    || k.section().equals("eval")
                    || k.flag().equals("threads")
                    || k.flag().equals("device")
                    || k.flag().equals("workers")
                    || k.flag().equals("memory-budget-mb")) {
                continue;
            }
            var x = a.path(k.section()).path(k.field());
            var y = b.path(k.section()).path(k.field());
            if (!x.equals(y)) out.add("--" + k.flag() + ": " + x + " -> " + y);
        }
        return out;
    }

    /** Records an accepted change of plan: the old configuration is kept beside the new one, numbered. */
    public static void recordChange(Path dir, RunConfig now) {
        try {
            int n = 1;
            while (Files.exists(dir.resolve("config.before-change-" + n + ".yaml"))) n++;
            Files.copy(dir.resolve(RunFiles.CONFIG), dir.resolve("config.before-change-" + n + ".yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the configuration change in " + dir, e);
        }
        create(dir, now);
    }

    /** The configuration a run directory was started with. */
    public static RunConfig config(Path dir, String flag) {
        Path file = dir.resolve(RunFiles.CONFIG);
        if (!Files.isRegularFile(file))
            throw new IllegalArgumentException(flag + " " + dir + ": no " + RunFiles.CONFIG + " there");
        return RunConfigs.read(file);
    }

    /** Checks that {@code dir} holds a checkpoint to resume from. */
    public static void requireCheckpoint(Path dir, String flag) {
        if (!Checkpoints.exists(dir)) {
            throw new IllegalArgumentException(flag + " " + dir + ": no " + RunFiles.CHECKPOINT + " there");
        }
    }
}
