package io.snclr.retrieval;

import io.snclr.api.Embeddings;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The search of embeddings written in parts: every part's own HNSW index is asked for the k nearest, its rows moved to
 * the whole's numbering, and the best k of all parts kept (ties by row, so the order does not depend on the parts).
 */
final class ShardedSearch implements VectorSearch {
    private final List<HnswIndex> shards;
    private final int[] starts;

    private ShardedSearch(List<HnswIndex> shards, int[] starts) {
        this.shards = shards;
        this.starts = starts;
    }

    /** Opens every part's index; refuses when some parts have one and others not. */
    static ShardedSearch open(Embeddings embeddings, int candidates) {
        List<Embeddings> parts = embeddings.parts();
        long missing = parts.stream().filter(p -> !HnswIndex.existsFor(p)).count();
        if (missing > 0) {
            throw new IllegalArgumentException(embeddings.dir() + ": " + missing + " of " + parts.size() + " parts have"
                    + " no index; finish it with snclr index --embeddings " + embeddings.dir() + " (or search with"
                    + " --exact)");
        }
        List<HnswIndex> shards = new ArrayList<>();
        try {
            for (Embeddings p : parts) shards.add(HnswIndex.open(p, candidates));
        } catch (RuntimeException e) {
            shards.forEach(HnswIndex::close);
            throw e;
        }
        return new ShardedSearch(
                shards,
                IntStream.range(0, parts.size()).map(embeddings::partStart).toArray());
    }

    /** Whether any part of {@code embeddings} has an index of its own. */
    static boolean anyIndexed(Embeddings embeddings) {
        return embeddings.parts().stream().anyMatch(HnswIndex::existsFor);
    }

    @Override
    public List<List<Hit>> search(float[][] queries, int k) {
        // one shard after another on the caller's thread: the callers (serve's requests, dedup's and map's rows)
        // already keep every core busy, and a search of one thread stays one thread
        List<List<List<Hit>>> perShard = new ArrayList<>();
        for (HnswIndex shard : shards) perShard.add(shard.search(queries, k));
        List<List<Hit>> out = new ArrayList<>(queries.length);
        for (int q = 0; q < queries.length; q++) {
            List<Hit> merged = new ArrayList<>();
            for (int s = 0; s < shards.size(); s++) {
                for (Hit h : perShard.get(s).get(q)) merged.add(new Hit(starts[s] + h.row(), h.score()));
            }
            merged.sort(Hit.BEST_FIRST);
            out.add(List.copyOf(merged.subList(0, Math.min(k, merged.size()))));
        }
        return out;
    }

    @Override
    public String describe() {
        long rows = shards.stream().mapToLong(s -> s.manifest().rows()).sum();
        String first = shards.get(0).describe();
        return "HNSW index in " + shards.size() + " shards of " + rows + " rows " + first.substring(first.indexOf('('));
    }

    @Override
    public void close() {
        shards.forEach(HnswIndex::close);
    }
}
