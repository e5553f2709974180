package io.snclr.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.snclr.rundir.RunDirectory;
import io.snclr.rundir.RunFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A run directory's {@code config.yaml}: what was started there, read back by resume and by every evaluation. */
public final class RunConfigFile {
    private RunConfigFile() {}

    /** Records what will run in {@code dir}; {@code --max-steps} stops one invocation and is not kept. */
    public static void write(Path dir, RunConfig config) {
        RunConfigs.write(config.withLoop(config.loop().withMaxSteps(0)), dir.resolve(RunFiles.CONFIG));
    }

    /** Takes back the record of a new run that did not start. */
    public static void forget(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(RunFiles.CONFIG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir.resolve(RunFiles.CONFIG), e);
        }
    }

    /** The configuration a run directory was started with. */
    public static RunConfig read(Path dir, String flag) {
        Path file = dir.resolve(RunFiles.CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(flag + " " + dir + ": no " + RunFiles.CONFIG + " there");
        }
        return RunConfigs.read(file);
    }

    /** Records an accepted change of plan: the old configuration is kept beside the new one, numbered. */
    public static void recordChange(Path dir, RunConfig now) {
        RunDirectory.keepConfigBeforeChange(dir);
        write(dir, now);
    }

    /**
     * The settings of a resumed run that change what it computes ({@link Deciding#training}), against those it was
     * started with. One "flag: old -> new" per change.
     */
    public static List<String> planChanges(RunConfig started, RunConfig now) {
        JsonNode a = RunConfigs.toJson(started), b = RunConfigs.toJson(now);
        List<String> out = new ArrayList<>();
        for (ConfigKey k : RunConfigs.keys()) {
            if (!Deciding.training(k)) continue;
            JsonNode x = a.path(k.section()).path(k.field());
            JsonNode y = b.path(k.section()).path(k.field());
            // a method's own settings that only one of the two methods has go with the change of --method
            if (x.isMissingNode() || y.isMissingNode()) continue;
            if (!x.equals(y)) out.add("--" + k.flag() + ": " + x + " -> " + y);
        }
        return out;
    }
}
