package io.snclr.retrieval;

import io.snclr.api.Embeddings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Near-duplicate groups: every row is searched for its {@code k} nearest rows, pairs at cosine ≥ the threshold are
 * joined (union-find), and each connected set of two or more rows is a group. With the HNSW index this is k searches
 * per row, so it scales to large collections; the heap holds one int per row.
 */
public final class Dedup {
    /** Rows searched per task. */
    private static final int BLOCK = 256;

    /** A group of near-duplicates: its rows (ascending) and the lowest similarity that joined two of them. */
    public record Group(int[] rows, float weakestLink) {}

    private Dedup() {}

    /**
     * @param threshold the cosine similarity from which two images count as duplicates
     * @param k neighbours looked at per row (a group larger than k+1 is still found, through chains)
     * @param progress told the number of rows searched so far
     * @return the groups, largest first
     */
    public static List<Group> find(
            Embeddings embeddings, VectorSearch search, double threshold, int k, int threads, IntConsumer progress) {
        if (!(threshold > -1 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must be in (-1, 1], got " + threshold);
        }
        if (k < 1) throw new IllegalArgumentException("--k must be >= 1, got " + k);
        int n = embeddings.rows(), dim = embeddings.dim();
        int[] parent = new int[n];
        float[] weakest = new float[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            weakest[i] = Float.POSITIVE_INFINITY;
        }
        AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < Math.max(1, threads); t++) {
                work.add(pool.submit(() -> {
                    for (int from; (from = next.getAndAdd(BLOCK)) < n; ) {
                        int count = Math.min(BLOCK, n - from);
                        float[] flat = embeddings.rows(from, count);
                        float[][] q = new float[count][dim];
                        for (int i = 0; i < count; i++) System.arraycopy(flat, i * dim, q[i], 0, dim);
                        List<List<Hit>> hits = search.search(q, k + 1);
                        synchronized (parent) {
                            for (int i = 0; i < count; i++) {
                                for (Hit h : hits.get(i)) {
                                    if (h.row() != from + i && h.score() >= threshold) {
                                        union(parent, weakest, from + i, h.row(), h.score());
                                    }
                                }
                            }
                        }
                        progress.accept(done.addAndGet(count));
                    }
                    return null;
                }));
            }
            for (Future<?> w : work) w.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Map<Integer, List<Integer>> members = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int root = root(parent, i);
            if (root != i || weakest[root] != Float.POSITIVE_INFINITY) {
                members.computeIfAbsent(root, r -> new ArrayList<>()).add(i);
            }
        }
        List<Group> groups = new ArrayList<>();
        for (var e : members.entrySet()) {
            if (e.getValue().size() < 2) continue;
            groups.add(new Group(
                    e.getValue().stream().mapToInt(Integer::intValue).sorted().toArray(), weakest[e.getKey()]));
        }
        groups.sort(Comparator.comparingInt((Group g) -> -g.rows().length).thenComparingInt(g -> g.rows()[0]));
        return groups;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]]; // path halving
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, float[] weakest, int a, int b, float score) {
        int ra = root(parent, a), rb = root(parent, b);
        float link = Math.min(score, Math.min(weakest[ra], weakest[rb]));
        if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
        weakest[Math.min(ra, rb)] = link;
    }
}
