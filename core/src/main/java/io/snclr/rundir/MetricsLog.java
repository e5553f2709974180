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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's metrics: {@code metrics.jsonl}, one JSON object per line, flushed per record so that a killed run keeps its
 * metrics, and the same numbers as TensorBoard scalars ({@link TensorBoardLog}): step records under {@code train/},
 * epoch records under {@code epoch/} at the epoch's last step.
 */
public final class MetricsLog implements AutoCloseable {
    private final BufferedWriter out;
    private final Path file;
    private final TensorBoardLog tensorBoard;
    private long lastStep = -1;

    /** The run directory's metrics.jsonl and a new TensorBoard event file beside it. */
    public static MetricsLog of(Path runDir) {
        return new MetricsLog(runDir.resolve(RunFiles.METRICS), new TensorBoardLog(runDir));
    }

    /** @param tensorBoard where the scalars also go (null: metrics.jsonl only) */
    public MetricsLog(Path file, TensorBoardLog tensorBoard) {
        this.file = file;
        this.tensorBoard = tensorBoard;
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
        if (tensorBoard == null) return;
        Map<String, Object> values = new LinkedHashMap<>(record);
        for (String key : new String[] {Metric.STEP, Metric.EPOCH, Metric.EPOCH_END, Metric.EPOCH_START}) {
            values.remove(key);
        }
        if (record.get(Metric.STEP) instanceof Number step) {
            lastStep = step.longValue();
            tensorBoard.scalars(lastStep, "train/", values);
        } else if (record.containsKey(Metric.EPOCH_END)) {
            tensorBoard.scalars(Math.max(0, lastStep), "epoch/", values);
        } else if (record.containsKey(Metric.EPOCH_START)) {
            tensorBoard.scalars(lastStep + 1, "epoch/", values);
        }
    }

    /** A resumed session goes on from {@code step}: its first step logged next (TensorBoard drops later points). */
    public void restartAt(long step) {
        lastStep = step - 1;
        if (tensorBoard != null) tensorBoard.restartAt(step);
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
        if (tensorBoard != null) tensorBoard.close();
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
