package io.snclr.cli;

import io.snclr.retrieval.HnswSettings;
import picocli.CommandLine.Option;

/** How an HNSW graph is built (index, bench-index). */
final class HnswOptions {
    @Option(names = "--max-conn", defaultValue = "16", description = "HNSW M: neighbours per node and layer")
    int maxConn;

    @Option(
            names = "--beam-width",
            defaultValue = "100",
            description = "HNSW efConstruction: candidates considered per insertion")
    int beamWidth;

    @Option(
            names = "--quantize",
            negatable = true,
            description = "store int8 vectors (a quarter of the bytes the search keeps in memory, slightly lower "
                    + "recall; each query's candidates are scored again in float32); --no-quantize: float32. Default: "
                    + "int8 when the float vectors take 4 GiB or more (8,388,608 rows at 128 dimensions)")
    Boolean quantize;

    /** The settings for a collection of {@code rows} vectors of {@code dim} floats. */
    HnswSettings settings(long rows, int dim) {
        boolean int8 = quantize != null ? quantize : HnswSettings.quantizeByDefault(rows, dim);
        return new HnswSettings(maxConn, beamWidth, int8, HnswSettings.DEFAULT.bufferMegabytes());
    }
}
