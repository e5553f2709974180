package io.snclr.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.api.EmbeddingWriter;
import io.snclr.api.Embeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HNSW index against the exact scan, its bookkeeping, and near-duplicate groups found through it. */
class HnswIndexTest extends TorchTest {
    @Test
    void findsWhatTheExactScanFindsAndIsSearchedFromTheMappedFiles(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("emb");
        SyntheticEmbeddings.clustered(dir, 6000, 64, 60, 0.35, 1);
        Path queriesDir = tmp.resolve("queries");
        SyntheticEmbeddings.clustered(queriesDir, 200, 64, 60, 0.35, 1); // same centres, other rows
        Embeddings e = Embeddings.open(dir);
        Embeddings queries = Embeddings.open(queriesDir);
        assertFalse(HnswIndex.existsFor(e));
        HnswIndex.Manifest m = HnswIndex.build(e, HnswSettings.DEFAULT, 2, done -> {});
        assertEquals(6000, m.rows());
        assertTrue(HnswIndex.existsFor(e));
        assertFalse(Files.exists(dir.resolve(HnswIndex.DIR + ".partial")), "no temporary folder is left");

        float[][] q = new float[200][];
        for (int i = 0; i < 200; i++) q[i] = queries.rows(i, 1);
        List<List<Hit>> exact = new ExactScan(e, 1000).search(q, 10);
        try (VectorSearch index = VectorSearch.over(e, false, VectorSearch.CANDIDATES)) {
            assertTrue(index.describe().startsWith("HNSW"), index.describe());
            List<List<Hit>> approx = index.search(q, 10);
            int found = 0;
            for (int i = 0; i < q.length; i++) {
                Set<Integer> truth = new HashSet<>();
                exact.get(i).forEach(h -> truth.add(h.row()));
                for (Hit h : approx.get(i)) if (truth.contains(h.row())) found++;
                assertEquals(exact.get(i).get(0).score(), approx.get(i).get(0).score(), 1e-4, "cosine scores");
            }
            double recall = found / (10.0 * q.length);
            System.out.printf("recall@10 of the HNSW index on 6000 clustered rows: %.3f%n", recall);
            assertTrue(recall >= 0.95, "recall@10 " + recall);
        }
        assertTrue(VectorSearch.over(e, true, 100).describe().startsWith("exact"));
    }

    @Test
    void anInt8IndexScoresItsCandidatesAgainInFloat(@TempDir Path tmp) throws Exception {
        // tight clusters, as a large collection's near neighbours are: int8 scores alone cannot order them
        Path dir = tmp.resolve("emb"), queriesDir = tmp.resolve("queries");
        SyntheticEmbeddings.clustered(dir, 6000, 64, 60, 0.05, 1);
        SyntheticEmbeddings.clustered(queriesDir, 200, 64, 60, 0.05, 1);
        Embeddings e = Embeddings.open(dir), queries = Embeddings.open(queriesDir);
        HnswIndex.build(
                e, new HnswSettings(16, 100, true, 256), 1, done -> {}); // one thread: the same graph every time
        float[][] q = new float[200][];
        for (int i = 0; i < 200; i++) q[i] = queries.rows(i, 1);
        List<List<Hit>> exact = new ExactScan(e, 1000).search(q, 10);
        try (VectorSearch index = VectorSearch.over(e, false, VectorSearch.CANDIDATES)) {
            assertTrue(index.describe().contains("int8"), index.describe());
            List<List<Hit>> approx = index.search(q, 10);
            int found = 0, self = 0;
            for (int i = 0; i < q.length; i++) {
                Set<Integer> truth = new HashSet<>();
                exact.get(i).forEach(h -> truth.add(h.row()));
                for (Hit h : approx.get(i)) if (truth.contains(h.row())) found++;
                for (Hit h : approx.get(i)) {
                    float cosine = UnitVectors.dot(e.rows(h.row(), 1), 0, q[i]);
                    assertEquals(cosine, h.score(), 1e-6, "each score is the float32 cosine");
                    if (h.row() == i) self++;
                }
            }
            double recall = found / (10.0 * q.length);
            System.out.printf(
                    "recall@10 of the int8 HNSW index on 6000 tightly clustered rows: %.3f, itself found %d of 200%n",
                    recall, self);
            assertTrue(recall >= 0.95, "recall@10 " + recall);
        }
    }

    @Test
    void anIndexOfOtherEmbeddingsIsRefusedAndWideVectorsAreIndexed(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        SyntheticEmbeddings.clustered(a, 300, 2048, 5, 0.5, 1); // ResNet-50's width, above Lucene's 1024
        SyntheticEmbeddings.clustered(b, 300, 2048, 5, 0.5, 2);
        HnswIndex.build(Embeddings.open(a), HnswSettings.DEFAULT, 1, done -> {});
        Files.createDirectories(b.resolve(HnswIndex.DIR));
        try (Stream<Path> files = Files.list(a.resolve(HnswIndex.DIR))) {
            for (Path f : files.toList()) Files.copy(f, b.resolve(HnswIndex.DIR).resolve(f.getFileName()));
        }
        Embeddings other = Embeddings.open(b);
        assertFalse(HnswIndex.existsFor(other));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HnswIndex.open(other, 100));
        assertTrue(e.getMessage().contains("built from other embeddings"), e.getMessage());
        assertTrue(VectorSearch.over(other, false, 100).describe().startsWith("exact"), "falls back to the scan");
    }

    /**
     * 64 bytes flipped inside the index's largest file: opening it is refused in one line (Lucene's checksums are
     * verified when the index is opened), so a search never returns a score from a damaged graph.
     */
    @Test
    void aDamagedIndexIsRefusedWhenOpened(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("emb");
        SyntheticEmbeddings.clustered(dir, 500, 32, 10, 0.4, 4);
        Embeddings embeddings = Embeddings.open(dir);
        HnswIndex.build(embeddings, HnswSettings.DEFAULT, 1, done -> {});
        Path largest;
        try (Stream<Path> files = Files.list(dir.resolve(HnswIndex.DIR))) {
            largest = files.max(
                            java.util.Comparator.comparingLong(f -> f.toFile().length()))
                    .orElseThrow();
        }
        byte[] b = Files.readAllBytes(largest);
        for (int i = b.length / 3; i < b.length / 3 + 64; i++) b[i] ^= 0x55;
        Files.write(largest, b);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HnswIndex.open(embeddings, 100));
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("snclr index"), e.getMessage());
    }

    @Test
    void plantedNearDuplicatesAreGrouped(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("emb");
        Random random = new Random(3);
        int n = 2000, dim = 32;
        float[][] v = new float[n + 3][];
        for (int i = 0; i < n; i++) v[i] = unit(random, null, 1); // independent: cosines near 0
        v[n] = unit(random, v[7], 0.01f); // copies with a little noise: cosine about 0.998
        v[n + 1] = unit(random, v[300], 0.01f);
        v[n + 2] = unit(random, v[300], 0.01f);
        String[] paths = new String[v.length], labels = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            paths[i] = "img/" + i + ".jpg";
            labels[i] = "";
        }
        try (EmbeddingWriter w = new EmbeddingWriter(dir, dim, true, "test", "test")) {
            w.append(v, paths, labels);
            w.finish();
        }
        Embeddings e = Embeddings.open(dir);
        HnswIndex.build(e, HnswSettings.DEFAULT, 2, done -> {});
        for (boolean exact : new boolean[] {false, true}) {
            try (VectorSearch s = VectorSearch.over(e, exact, 100)) {
                List<Dedup.Group> groups = Dedup.find(e, s, 0.99, 5, 2, done -> {});
                assertEquals(2, groups.size(), s.describe());
                assertEquals(300, groups.get(0).rows()[0], s.describe());
                assertArrayEquals(
                        new int[] {300, n + 1, n + 2},
                        IntStream.of(groups.get(0).rows()).sorted().toArray());
                assertArrayEquals(new int[] {7, n}, groups.get(1).rows(), s.describe());
                assertTrue(groups.get(1).weakest() > 0.99f);
            }
        }
    }

    @Test
    void aChainOfSimilarPairsIsNotOneGroup(@TempDir Path tmp) throws Exception {
        // 12 points along a great circle, each at cosine 0.97 from the next (14°, 155° from end to end): pairs join
        // all 12 into one group, though the ends are far apart; every group must stay within the threshold of its first
        int n = 12, dim = 32;
        double step = Math.acos(0.97);
        float[][] v = new float[n][dim];
        for (int i = 0; i < n; i++) {
            v[i][0] = (float) Math.cos(i * step);
            v[i][1] = (float) Math.sin(i * step);
        }
        String[] paths = new String[n], labels = new String[n];
        for (int i = 0; i < n; i++) {
            paths[i] = "img/" + i + ".jpg";
            labels[i] = "";
        }
        Path dir = tmp.resolve("emb");
        try (EmbeddingWriter w = new EmbeddingWriter(dir, dim, true, "test", "test")) {
            w.append(v, paths, labels);
            w.finish();
        }
        Embeddings e = Embeddings.open(dir);
        try (VectorSearch s = VectorSearch.over(e, true, 100)) {
            List<Dedup.Group> groups = Dedup.find(e, s, 0.95, 10, 2, done -> {});
            assertTrue(groups.size() >= n / 3, groups.size() + " groups");
            for (Dedup.Group g : groups) {
                assertTrue(g.rows().length <= 3, "a group of " + g.rows().length);
                for (int m = 1; m < g.rows().length; m++) {
                    float[] a = v[g.rows()[0]], b = v[g.rows()[m]];
                    assertTrue(a[0] * b[0] + a[1] * b[1] >= 0.95f - 1e-5f);
                    assertEquals(a[0] * b[0] + a[1] * b[1], g.similarity()[m], 1e-4);
                }
            }
        }
    }

    private static float[] unit(Random random, float[] around, float noise) {
        float[] out = new float[32];
        double norm = 0;
        for (int j = 0; j < out.length; j++) {
            out[j] = (around == null ? 0 : around[j]) + noise * (float) random.nextGaussian();
            norm += out[j] * out[j];
        }
        for (int j = 0; j < out.length; j++) out[j] /= (float) Math.sqrt(norm);
        return out;
    }
}
