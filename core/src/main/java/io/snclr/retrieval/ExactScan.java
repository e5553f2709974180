package io.snclr.retrieval;

import io.snclr.api.Embeddings;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * Exact cosine search over an {@link Embeddings} file, in chunks, as tensor ops: each chunk's top k per query, merged.
 * Memory is one chunk, whatever the number of vectors.
 */
public final class ExactScan implements VectorSearch {
    /** Rows compared per tensor operation by default. */
    public static final int CHUNK = 65536;

    private final Embeddings embeddings;
    private final int chunk;

    public ExactScan(Embeddings embeddings, int chunk) {
        if (chunk < 1) throw new IllegalArgumentException("--chunk must be >= 1, got " + chunk);
        this.embeddings = embeddings;
        this.chunk = chunk;
    }

    @Override
    public String describe() {
        return "exact scan of " + embeddings.rows() + " rows";
    }

    @Override
    public List<List<Hit>> search(float[][] queries, int k) {
        int d = embeddings.dim(), q = queries.length;
        float[] flat = new float[q * d];
        for (int i = 0; i < q; i++) System.arraycopy(queries[i], 0, flat, i * d, d);
        List<List<Hit>> best = new ArrayList<>();
        for (int i = 0; i < q; i++) best.add(new ArrayList<>());
        for (int from = 0; from < embeddings.rows(); from += chunk) {
            int n = Math.min(chunk, embeddings.rows() - from);
            int kk = Math.min(k, n);
            float[] scores;
            long[] idx;
            try (Scope s = Scope.open()) {
                Tensor sim = Tensors.floats(flat, q, d)
                        .matmul(Tensors.floats(embeddings.rows(from, n), n, d).t());
                Tensor[] top = Tensors.topk(sim, kk);
                scores = Tensors.toFloats(top[0]);
                idx = Tensors.toLongs(top[1]);
            }
            for (int i = 0; i < q; i++) {
                List<Hit> merged = best.get(i);
                for (int j = 0; j < kk; j++) merged.add(new Hit(from + (int) idx[i * kk + j], scores[i * kk + j]));
                merged.sort((a, b) -> Float.compare(b.score(), a.score()));
                if (merged.size() > k) merged.subList(k, merged.size()).clear();
            }
        }
        return best;
    }
}
