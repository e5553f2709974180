package io.snclr.rundir;

import com.fasterxml.jackson.databind.JsonNode;
import io.snclr.files.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a run's metrics.jsonl: per-step records and the per-epoch records ({@code epoch_end}, {@code epoch_start}). */
public final class MetricsFile {

    private final List<JsonNode> records;

    private MetricsFile(List<JsonNode> records) {
        this.records = records;
    }

    public static MetricsFile read(Path file) {
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) continue;
                try {
                    out.add(Json.MAPPER.readTree(line));
                } catch (IOException e) {
                    // a line cut off by a kill or a full disk: the records before it are whole
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read metrics", e);
        }
        return new MetricsFile(out);
    }

    /** (step, value) of {@code key} over the step records; a resumed run's repeated steps keep their last value. */
    public List<double[]> perStep(String key) {
        TreeMap<Long, Double> byStep = new TreeMap<>();
        for (JsonNode r : records) {
            if (r.has("step") && r.has(key))
                byStep.put(r.get("step").asLong(), r.get(key).asDouble());
        }
        return points(byStep);
    }

    /** (epoch, value) of {@code key} from the records marked {@code marker} (epoch_end or epoch_start). */
    public List<double[]> perEpoch(String marker, String key) {
        TreeMap<Long, Double> byEpoch = new TreeMap<>();
        for (JsonNode r : records) {
            if (r.has(marker) && r.has(key))
                byEpoch.put(r.get(marker).asLong(), r.get(key).asDouble());
        }
        return points(byEpoch);
    }

    /**
     * Every number of the per-epoch records ({@code epoch_end} and {@code epoch_start}) by epoch; a resumed run's
     * repeated epochs keep their last values.
     */
    public TreeMap<Integer, Map<String, Double>> epochRecords() {
        TreeMap<Integer, Map<String, Double>> out = new TreeMap<>();
        for (JsonNode r : records) {
            String marker =
                    r.has(Metric.EPOCH_END) ? Metric.EPOCH_END : r.has(Metric.EPOCH_START) ? Metric.EPOCH_START : null;
            if (marker == null) continue;
            Map<String, Double> epoch = out.computeIfAbsent(r.get(marker).asInt(), e -> new LinkedHashMap<>());
            r.fields().forEachRemaining(f -> {
                if (!f.getKey().equals(marker) && f.getValue().isNumber())
                    epoch.put(f.getKey(), f.getValue().asDouble());
            });
        }
        return out;
    }

    private static List<double[]> points(TreeMap<Long, Double> m) {
        List<double[]> out = new ArrayList<>();
        m.forEach((x, y) -> out.add(new double[] {x, y}));
        return out;
    }
}
