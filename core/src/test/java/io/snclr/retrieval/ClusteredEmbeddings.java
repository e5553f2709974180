package io.snclr.retrieval;

import io.snclr.api.EmbeddingWriter;
import io.snclr.api.Embeddings;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.IntStream;

/** Unit vectors in clusters of known sizes, written as embeddings: what the selection and map tests work on. */
final class ClusteredEmbeddings {
    static final int DIM = 16;

    private ClusteredEmbeddings() {}

    /** Clusters of {@code sizes} around orthogonal centres (cluster c around axis c), rows in cluster order. */
    static Embeddings write(Path tmp, int[] sizes, float noise) throws Exception {
        Random random = new Random(11);
        int n = IntStream.of(sizes).sum();
        float[][] v = new float[n][];
        String[] paths = new String[n], labels = new String[n];
        int row = 0;
        for (int c = 0; c < sizes.length; c++) {
            float[] centre = new float[DIM];
            centre[c] = 1;
            for (int i = 0; i < sizes[c]; i++, row++) {
                float[] x = new float[DIM];
                double norm = 0;
                for (int j = 0; j < DIM; j++) {
                    x[j] = centre[j] + noise * (float) random.nextGaussian();
                    norm += x[j] * x[j];
                }
                for (int j = 0; j < DIM; j++) x[j] /= (float) Math.sqrt(norm);
                v[row] = x;
                paths[row] = "img/" + row + ".png";
                labels[row] = "c" + c;
            }
        }
        Path dir = tmp.resolve("emb");
        try (EmbeddingWriter w = new EmbeddingWriter(dir, DIM, true, "test", "test")) {
            w.append(v, paths, labels);
            w.finish();
        }
        return Embeddings.open(dir);
    }
}
