package io.snclr.cli;

import io.snclr.api.Embeddings;
import io.snclr.retrieval.ExactScan;
import io.snclr.retrieval.VectorSearch;
import picocli.CommandLine.Option;

/** The flags that choose how embeddings are searched (search, serve, dedup): the HNSW index, or every row. */
final class SearchChoice {
    @Option(names = "--exact", description = "scan every embedding instead of using the HNSW index (snclr index)")
    boolean exact;

    @Option(
            names = "--candidates",
            defaultValue = "100",
            description = "candidates the HNSW search keeps (>= k; more finds more of the true nearest, slower)")
    int candidates;

    @Option(names = "--chunk", defaultValue = "65536", description = "embeddings compared per tensor op (exact scan)")
    int chunk;

    /** The index when one was built from {@code embeddings} and --exact is not given, else the exact scan. */
    VectorSearch open(Embeddings embeddings) {
        return exact ? new ExactScan(embeddings, chunk) : VectorSearch.over(embeddings, false, candidates);
    }
}
