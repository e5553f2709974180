package io.snclr.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.api.EmbeddingParts;
import io.snclr.api.EmbeddingWriter;
import io.snclr.api.Embeddings;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embeddings in four parts with an index per part: recall against the exact scan, and the results of one index. */
class ShardedSearchTest extends TorchTest {
    private static final int ROWS = 20_000, DIM = 32, PARTS = 4, QUERIES = 300, K = 10;

    @Test
    void shardsFindWhatOneIndexAndTheExactScanFind(@TempDir Path tmp) throws Exception {
        float[][] v = clustered(new Random(7));
        Path one = tmp.resolve("one"), parted = tmp.resolve("parted");
        try (EmbeddingWriter w = new EmbeddingWriter(one, DIM, true, "enc", "test")) {
            w.append(v, names(0, ROWS), new String[ROWS]);
            w.finish();
        }
        for (int p = 0; p < PARTS; p++) {
            var slice = EmbeddingParts.slice(p, PARTS, ROWS, i -> "img/" + i);
            int from = (int) slice.first(), n = (int) slice.count();
            float[][] rows = new float[n][];
            System.arraycopy(v, from, rows, 0, n);
            try (EmbeddingWriter w = new EmbeddingWriter(EmbeddingParts.dir(parted, p, PARTS), DIM, true, "enc", "t")) {
                w.append(rows, names(from, n), new String[n]);
                w.finish(slice);
            }
            assertEquals(p == PARTS - 1, EmbeddingParts.commitIfComplete(parted, PARTS), "written by the last part");
        }
        Embeddings whole = Embeddings.open(one), sharded = Embeddings.open(parted);
        assertEquals(ROWS, sharded.rows());
        assertEquals(whole.describe(12_345), sharded.describe(12_345));

        HnswIndex.build(whole, HnswSettings.DEFAULT, 2, done -> {});
        HnswIndex.build(sharded.parts().get(0), HnswSettings.DEFAULT, 2, done -> {});
        IllegalArgumentException half =
                assertThrows(IllegalArgumentException.class, () -> VectorSearch.over(sharded, false, 100));
        assertTrue(half.getMessage().contains("3 of 4 parts have no index"), half.getMessage());
        for (int p = 1; p < PARTS; p++) HnswIndex.build(sharded.parts().get(p), HnswSettings.DEFAULT, 2, done -> {});

        Random r = new Random(3);
        float[][] queries = new float[QUERIES][];
        for (int q = 0; q < QUERIES; q++) queries[q] = unit(noisy(v[r.nextInt(ROWS)], 0.2f, r));
        List<List<Hit>> exact = new ExactScan(sharded, 4096).search(queries, K);
        try (VectorSearch shards = VectorSearch.over(sharded, false, VectorSearch.CANDIDATES)) {
            double recall = recall(exact, shards.search(queries, K));
            assertTrue(recall >= 0.95, "recall@10 of the shards against the exact scan " + recall);
        }
        // with candidates enough for both to be exact, the shards answer as one index does (within ties)
        try (VectorSearch shards = VectorSearch.over(sharded, false, 400);
                VectorSearch single = VectorSearch.over(whole, false, 400)) {
            List<List<Hit>> a = shards.search(queries, K), b = single.search(queries, K);
            for (int q = 0; q < QUERIES; q++) {
                for (int j = 0; j < K; j++) {
                    assertEquals(b.get(q).get(j).score(), a.get(q).get(j).score(), 1e-5f, "query " + q + " hit " + j);
                }
            }
        }
    }

    private static double recall(List<List<Hit>> truth, List<List<Hit>> found) {
        int hit = 0, all = 0;
        for (int q = 0; q < truth.size(); q++) {
            Set<Integer> rows = new HashSet<>();
            for (Hit h : found.get(q)) rows.add(h.row());
            for (Hit h : truth.get(q)) if (rows.contains(h.row())) hit++;
            all += truth.get(q).size();
        }
        return (double) hit / all;
    }

    /** Unit vectors around 50 random centres, as a trained encoder's embeddings of a collection are. */
    private static float[][] clustered(Random r) {
        float[][] centres = new float[50][];
        for (int c = 0; c < centres.length; c++) centres[c] = unit(noisy(new float[DIM], 1, r));
        float[][] v = new float[ROWS][];
        for (int i = 0; i < ROWS; i++) v[i] = unit(noisy(centres[r.nextInt(50)], 0.35f, r));
        return v;
    }

    private static float[] noisy(float[] x, float sigma, Random r) {
        float[] y = x.clone();
        for (int j = 0; j < y.length; j++) y[j] += sigma * (float) r.nextGaussian();
        return y;
    }

    private static float[] unit(float[] x) {
        double n = 0;
        for (float f : x) n += f * f;
        for (int j = 0; j < x.length; j++) x[j] /= (float) Math.sqrt(n);
        return x;
    }

    private static String[] names(int from, int n) {
        String[] s = new String[n];
        for (int i = 0; i < n; i++) s[i] = "img/" + (from + i);
        return s;
    }
}
