package io.snclr.retrieval;

import io.snclr.api.Embeddings;
import java.util.List;

/** The nearest rows of an embeddings file to query vectors (unit vectors; scores are cosine similarities). */
public interface VectorSearch extends AutoCloseable {
    /** The {@code k} nearest rows of each query, best first. Safe to call from several threads. */
    List<List<Hit>> search(float[][] queries, int k);

    /** What searches, in words: "exact scan" or the index and its settings. */
    String describe();

    @Override
    default void close() {}

    /** Candidates the HNSW search keeps by default (Elasticsearch's num_candidates): recall ≥ 0.95 at k = 10. */
    int CANDIDATES = 100;

    /**
     * The search over {@code embeddings} when {@code exact} is false: the HNSW index built from them (of embeddings in
     * parts: the one index over all parts, else every part's own index, the best of all); else, or without an index,
     * the exact scan.
     */
    static VectorSearch over(Embeddings embeddings, boolean exact, int candidates) {
        if (exact) return new ExactScan(embeddings, ExactScan.CHUNK);
        if (HnswIndex.existsFor(embeddings)) return HnswIndex.open(embeddings, candidates);
        if (embeddings.parts().size() > 1 && ShardedSearch.anyIndexed(embeddings)) {
            return ShardedSearch.open(embeddings, candidates);
        }
        return new ExactScan(embeddings, ExactScan.CHUNK);
    }
}
