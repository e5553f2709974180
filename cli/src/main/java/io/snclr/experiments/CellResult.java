package io.snclr.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.snclr.files.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A finished cell as a small committed record ({@code docs/results/<grid>/<cell>.json}): its full configuration and
 * what the tables need, so a grid resumes on another machine and its page regenerates from the records alone.
 *
 * @param config the cell's run configuration (config.yaml as JSON); a record is reused only for the same one
 * @param epochs per-epoch diagnostics (view similarities, neighbour precision, positiveness entropy, prototype
 *     purity/NMI, clustering seconds)
 */
public record CellResult(
        String id,
        String label,
        JsonNode config,
        double knnTop1,
        double linearTop1,
        double trainSeconds,
        List<Map<String, Double>> epochs) {
    /** The value of {@code key} at the last epoch that has it, or NaN. */
    public double last(String key) {
        for (int i = epochs.size() - 1; i >= 0; i--) {
            Double v = epochs.get(i).get(key);
            if (v != null) return v;
        }
        return Double.NaN;
    }

    /** (epoch, value) for every epoch that has {@code key}. */
    public List<double[]> curve(String key) {
        return IntStream.range(0, epochs.size())
                .filter(i -> epochs.get(i).containsKey(key))
                .mapToObj(i -> new double[] {i, epochs.get(i).get(key)})
                .toList();
    }

    public void write(Path file) {
        Json.write(file, this, Json.SORTED);
    }

    public static CellResult read(Path file) {
        return Json.read(file, CellResult.class, "a cell result record");
    }
}
