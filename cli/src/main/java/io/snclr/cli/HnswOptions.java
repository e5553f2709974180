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

    @Option(names = "--quantize", description = "store int8 vectors (a quarter of the bytes, slightly lower recall)")
    boolean quantize;

    HnswSettings settings() {
        return new HnswSettings(maxConn, beamWidth, quantize, HnswSettings.DEFAULT.bufferMegabytes());
    }
}
