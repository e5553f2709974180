package io.snclr.retrieval;

import io.snclr.api.Embeddings;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Every row of a collection searched for its nearest rows, in blocks on several threads: for dedup and the map. */
final class EveryRow {
    /** What is done with one row's hits (itself among them, when the search finds it); called from any thread. */
    @FunctionalInterface
    interface Hits {
        void accept(int row, List<Hit> hits);
    }

    private static final int BLOCK = 256;

    private EveryRow() {}

    /**
     * @param k the hits asked for per row
     * @param progress told the number of rows searched so far
     */
    static void search(
            Embeddings embeddings, VectorSearch search, int k, int threads, IntConsumer progress, Hits hits) {
        int n = embeddings.rows(), dim = embeddings.dim();
        AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        Callable<Void> worker = () -> {
            for (int from; (from = next.getAndAdd(BLOCK)) < n; ) {
                int count = Math.min(BLOCK, n - from);
                float[] flat = embeddings.rows(from, count);
                float[][] q = new float[count][dim];
                for (int i = 0; i < count; i++) System.arraycopy(flat, i * dim, q[i], 0, dim);
                List<List<Hit>> found = search.search(q, k);
                for (int i = 0; i < count; i++) hits.accept(from + i, found.get(i));
                progress.accept(done.addAndGet(count));
            }
            return null;
        };
        Parallel.run(Collections.nCopies(Math.max(1, threads), worker));
    }
}
