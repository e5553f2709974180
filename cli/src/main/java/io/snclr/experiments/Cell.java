package io.snclr.experiments;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One pre-training run of a grid: a method, the settings that differ from the grid's base recipe (by flag name), and
 * a seed.
 */
public record Cell(String label, String method, Map<String, Object> overrides, long seed) {
    public Cell {
        overrides = Map.copyOf(overrides);
    }

    public Cell(String label, String method, long seed) {
        this(label, method, Map.of(), seed);
    }

    /** Names its run directory and its result record: method, overrides in key order, seed. */
    public String id() {
        String o = overrides.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "-" + e.getValue())
                .collect(Collectors.joining("_"));
        return method + (o.isEmpty() ? "" : "_" + o) + "_seed" + seed;
    }
}
