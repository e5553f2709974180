package io.snclr.run.ablate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

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
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".cell", ".json.tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the result record " + file + ": " + e.getMessage(), e);
        }
    }

    public static CellResult read(Path file) {
        try {
            return JSON.readValue(file.toFile(), CellResult.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a cell result record (" + e.getMessage() + ")");
        }
    }
}
