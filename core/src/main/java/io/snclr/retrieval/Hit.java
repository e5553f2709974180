package io.snclr.retrieval;

import java.util.Comparator;

/** One search result: the row of the embeddings file and its cosine similarity to the query. */
public record Hit(int row, float score) {
    /** Highest similarity first; equal similarities by row, so an order never depends on where hits came from. */
    public static final Comparator<Hit> BEST_FIRST =
            Comparator.comparingDouble((Hit h) -> -h.score()).thenComparingInt(Hit::row);
}
