package io.snclr.rundir;

import com.fasterxml.jackson.databind.JsonNode;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.files.BuildInfo;
import io.snclr.files.DiskErrors;
import io.snclr.files.FileDigest;
import io.snclr.files.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full training state in one file: online and momentum networks, method state (queue), optimiser state, the next
 * step and the seed. Randomness is a pure function of (seed, step), so the step is the RNG state.
 *
 * <p>Each checkpoint has a manifest (format version, size, SHA-256, step) beside it, and the previous checkpoint is
 * kept ({@code checkpoint.prev.pt}). Loading takes the newest checkpoint whose bytes match a manifest, so a damaged,
 * truncated or half-renamed file is never trained on: the previous one is used instead, with a warning.
 */
public final class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    static final int FORMAT = 1;

    private Checkpoints() {}

    /** A checkpoint file with the manifest that vouches for it. */
    private record Verified(Path file, long step) {}

    /** Writes {@code state} (the networks, method and optimiser state) as the newest checkpoint, keeping the previous. */
    public static void save(Path dir, StateWriter w, long nextStep, long seed) {
        w.putLong("train.next_step", nextStep).putLong("train.seed", seed);
        Path current = dir.resolve(RunFiles.CHECKPOINT);
        Path tmp = null;
        try {
            tmp = w.writeTemporary(current);
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("format", FORMAT);
            manifest.put("snclr_version", BuildInfo.version());
            manifest.put("file", RunFiles.CHECKPOINT);
            manifest.put("bytes", Files.size(tmp));
            manifest.put("sha256", FileDigest.sha256(tmp));
            manifest.put("next_step", nextStep);
            // keep the previous pair; a crash between any two renames leaves a pair that load() can verify
            if (Files.exists(current)) {
                Files.move(
                        current,
                        dir.resolve(RunFiles.CHECKPOINT_PREV),
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            if (Files.exists(dir.resolve(RunFiles.CHECKPOINT_MANIFEST))) {
                Files.move(
                        dir.resolve(RunFiles.CHECKPOINT_MANIFEST),
                        dir.resolve(RunFiles.CHECKPOINT_PREV_MANIFEST),
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, current, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            Json.write(dir.resolve(RunFiles.CHECKPOINT_MANIFEST), manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(DiskErrors.describe(e, current), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the start-up clean-up removes it
                }
            }
        }
    }

    /** Whether {@code dir} holds any checkpoint file to resume from. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(RunFiles.CHECKPOINT))
                || Files.isRegularFile(dir.resolve(RunFiles.CHECKPOINT_PREV));
    }

    /** A verified checkpoint, open for reading, and the step it continues from. */
    public record Loaded(StateReader state, long nextStep) {}

    /**
     * The newest intact checkpoint of {@code dir} (see {@link #newestVerified}), refused when it was trained with
     * another seed.
     */
    public static Loaded load(Path dir, long expectedSeed) {
        Verified v = newestVerified(dir);
        StateReader r = new StateReader(v.file());
        long seed = r.getLong("train.seed");
        if (seed != expectedSeed) {
            throw new IllegalArgumentException(
                    v.file() + ": checkpoint was trained with --seed " + seed + ", not " + expectedSeed);
        }
        return new Loaded(r, r.getLong("train.next_step"));
    }

    /** The newest checkpoint whose size and SHA-256 match a manifest; warns when that is not checkpoint.pt. */
    static Verified newestVerified(Path dir) {
        List<JsonNode> manifests = new ArrayList<>();
        List<String> otherFormats = new ArrayList<>();
        for (String m : List.of(RunFiles.CHECKPOINT_MANIFEST, RunFiles.CHECKPOINT_PREV_MANIFEST)) {
            Path f = dir.resolve(m);
            if (!Files.isRegularFile(f)) continue;
            try {
                JsonNode j = Json.MAPPER.readTree(f.toFile());
                if (j != null && j.has("format") && j.path("format").asInt() != FORMAT) {
                    otherFormats.add(m + " is in format " + j.path("format").asInt() + ", written by snclr "
                            + j.path("snclr_version").asText("before 0.1.0"));
                }
                if (j != null && j.path("format").asInt() == FORMAT && j.has("sha256")) manifests.add(j);
            } catch (IOException e) {
                LOG.warn("{}: unreadable checkpoint manifest ({}), ignored", f, e.getMessage());
            }
        }
        Verified best = null;
        List<String> problems = new ArrayList<>();
        for (String name : List.of(RunFiles.CHECKPOINT, RunFiles.CHECKPOINT_PREV)) {
            Path f = dir.resolve(name);
            if (!Files.isRegularFile(f)) continue;
            String why = "no manifest vouches for it";
            try {
                long size = Files.size(f);
                String sha = FileDigest.sha256(f);
                for (JsonNode m : manifests) {
                    if (m.get("sha256").asText().equals(sha) && m.path("bytes").asLong() == size) {
                        long step = m.path("next_step").asLong();
                        if (best == null || step > best.step()) best = new Verified(f, step);
                        why = null;
                        break;
                    }
                }
            } catch (IOException e) {
                why = "unreadable: " + e.getMessage();
            }
            if (why != null) problems.add(name + " (" + why + ")");
        }
        if (best == null && !otherFormats.isEmpty()) {
            throw new IllegalArgumentException(dir + ": " + String.join("; ", otherFormats) + "; this is snclr "
                    + BuildInfo.version() + ", which reads checkpoint format " + FORMAT + ": resume it with the "
                    + "version that wrote it");
        }
        if (best == null) {
            throw new IllegalArgumentException(dir + ": no intact checkpoint to resume from"
                    + (problems.isEmpty() ? "" : ": " + String.join("; ", problems)) + "; start a new run");
        }
        if (!best.file().getFileName().toString().equals(RunFiles.CHECKPOINT)) {
            LOG.warn(
                    "{}: {} is damaged or incomplete; resuming from {} (step {}) instead",
                    dir,
                    RunFiles.CHECKPOINT,
                    best.file().getFileName(),
                    best.step());
        }
        return best;
    }
}
