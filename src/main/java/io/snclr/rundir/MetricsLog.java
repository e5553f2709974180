package io.snclr.rundir;

import com.fasterxml.jackson.databind.JsonNode;
import io.snclr.files.AtomicFile;
import io.snclr.files.DiskErrors;
import io.snclr.files.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Appends one JSON object per line; flushed per record so that a killed run keeps its metrics. */
public final class MetricsLog implements AutoCloseable {
    private final BufferedWriter out;
    private final Path file;

    public MetricsLog(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot open the metrics log", e);
        }
    }

    /** One whole line per record, written and flushed at once, so that a killed run keeps every finished step. */
    public void write(Map<String, ?> record) {
        try {
            out.write(Json.LINE.writeValueAsString(record) + "\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(DiskErrors.describe(e, file), e);
        }
    }

    /**
     * Drops what a killed session logged after the checkpoint it is resumed from (steps ≥ {@code firstStep}, and the
     * epoch records of epochs not finished then) and a half-written last line, so the resumed run logs each once.
     */
    public static void dropAfter(Path file, long firstStep, long stepsPerEpoch) {
        if (!Files.isRegularFile(file)) return;
        try {
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonNode r;
                try {
                    r = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    continue; // a line cut off by the kill
                }
                if (r == null) continue;
                if (r.has(Metric.STEP) && r.get(Metric.STEP).asLong() >= firstStep) continue;
                if (r.has(Metric.EPOCH_END) && (r.get(Metric.EPOCH_END).asLong() + 1) * stepsPerEpoch > firstStep)
                    continue;
                if (r.has(Metric.EPOCH_START) && r.get(Metric.EPOCH_START).asLong() * stepsPerEpoch >= firstStep)
                    continue;
                kept.add(line);
            }
            AtomicFile.write(file, tmp -> Files.write(tmp, kept, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(DiskErrors.describe(e, file), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
