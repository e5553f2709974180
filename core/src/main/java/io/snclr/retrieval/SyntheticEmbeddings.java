package io.snclr.retrieval;

import io.snclr.api.EmbeddingWriter;
import io.snclr.api.Embeddings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Unit vectors for benchmarks and tests, written as an embeddings folder: each row is a row of real embeddings (or a
 * random cluster centre) plus Gaussian noise whose per-dimension scale follows the real rows' spread, normalised. So
 * a million rows keep the clusters and the anisotropy of the embeddings they were drawn from.
 */
public final class SyntheticEmbeddings {
    private SyntheticEmbeddings() {}

    /**
     * {@code rows} rows drawn around rows of {@code real}.
     *
     * @param noise the noise's scale relative to the real rows' per-dimension standard deviation
     */
    public static void around(Embeddings real, int rows, double noise, long seed, Path out) throws IOException {
        int d = real.dim(), n = real.rows();
        double[] mean = new double[d], sq = new double[d];
        for (int from = 0; from < n; from += 4096) {
            int count = Math.min(4096, n - from);
            float[] block = real.rows(from, count);
            for (int i = 0; i < count * d; i++) {
                mean[i % d] += block[i];
                sq[i % d] += (double) block[i] * block[i];
            }
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double m = mean[j] / n;
            scale[j] = noise * Math.sqrt(Math.max(0, sq[j] / n - m * m));
        }
        SplittableRandom random = new SplittableRandom(seed);
        write(out, rows, d, random, r -> real.rows(r.nextInt(n), 1), scale, "synthetic around " + real.dir());
    }

    /** {@code rows} rows around {@code clusters} random centres (noise of {@code noise} per dimension). */
    public static void clustered(Path out, int rows, int dim, int clusters, double noise, long seed)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centres = new float[clusters][dim];
        for (float[] c : centres) for (int j = 0; j < dim; j++) c[j] = (float) gaussian(random);
        double[] scale = new double[dim];
        java.util.Arrays.fill(scale, noise);
        write(out, rows, dim, random, r -> centres[r.nextInt(clusters)], scale, "synthetic clusters");
    }

    private interface Centre {
        float[] draw(SplittableRandom random);
    }

    private static void write(
            Path out, int rows, int dim, SplittableRandom random, Centre centre, double[] scale, String source)
            throws IOException {
        int block = 1024;
        try (EmbeddingWriter w = new EmbeddingWriter(out, dim, true, "synthetic", source)) {
            for (int from = 0; from < rows; from += block) {
                int count = Math.min(block, rows - from);
                float[][] v = new float[count][dim];
                String[] paths = new String[count], labels = new String[count];
                for (int i = 0; i < count; i++) {
                    float[] c = centre.draw(random);
                    double norm = 0;
                    for (int j = 0; j < dim; j++) {
                        v[i][j] = (float) (c[j] + scale[j] * gaussian(random));
                        norm += (double) v[i][j] * v[i][j];
                    }
                    float inv = (float) (1 / Math.sqrt(Math.max(norm, 1e-24)));
                    for (int j = 0; j < dim; j++) v[i][j] *= inv;
                    paths[i] = "synthetic/" + (from + i);
                    labels[i] = "";
                }
                w.append(v, paths, labels);
            }
            w.finish();
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
