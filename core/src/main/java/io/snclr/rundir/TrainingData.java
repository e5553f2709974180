package io.snclr.rundir;

import io.snclr.data.DataFingerprint;
import io.snclr.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code data.json}: the fingerprint of the training images a run started on (or was last accepted with). */
public final class TrainingData {
    private TrainingData() {}

    public static void write(Path runDir, DataFingerprint data) {
        Json.write(runDir.resolve(RunFiles.DATA), data);
    }

    /** The recorded fingerprint, or null for a run that has none (started by an earlier version). */
    public static DataFingerprint read(Path runDir) {
        Path file = runDir.resolve(RunFiles.DATA);
        return Files.isRegularFile(file) ? Json.read(file, DataFingerprint.class, "a record of training images") : null;
    }
}
