package io.snclr.retrieval;

import io.snclr.api.Embeddings;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The embeddings projected on their two principal directions (from the covariance of a sample, by power iteration),
 * scaled to [−10, 10]: where {@link MapLayout} starts its points, as UMAP starts from a spectral layout.
 */
final class PrincipalPlane {
    private static final int SAMPLE = 20_000;
    private static final int BLOCK = 4096;

    private PrincipalPlane() {}

    /** x and y of each row, interleaved. */
    static float[] project(Embeddings embeddings, SplittableRandom random) {
        int n = embeddings.rows(), dim = embeddings.dim();
        int[] sample = n <= SAMPLE
                ? IntStream.range(0, n).toArray()
                : random.ints(0, n).distinct().limit(SAMPLE).toArray();
        double[] mean = new double[dim];
        double[][] cov = new double[dim][dim];
        for (int r : sample) {
            float[] v = embeddings.rows(r, 1);
            for (int a = 0; a < dim; a++) {
                mean[a] += v[a];
                for (int b = 0; b <= a; b++) cov[a][b] += v[a] * v[b];
            }
        }
        for (int a = 0; a < dim; a++) mean[a] /= sample.length;
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b <= a; b++) {
                cov[a][b] = cov[a][b] / sample.length - mean[a] * mean[b];
                cov[b][a] = cov[a][b];
            }
        }
        double[] first = direction(cov, null, random);
        double[] second = direction(cov, first, random);
        float[] xy = new float[2 * n];
        double scale = 0;
        for (int b = 0; b < n; b += BLOCK) {
            int count = Math.min(BLOCK, n - b);
            float[] rows = embeddings.rows(b, count);
            for (int i = 0; i < count; i++) {
                double x = 0, y = 0;
                for (int j = 0; j < dim; j++) {
                    double c = rows[i * dim + j] - mean[j];
                    x += c * first[j];
                    y += c * second[j];
                }
                xy[2 * (b + i)] = (float) x;
                xy[2 * (b + i) + 1] = (float) y;
                scale = Math.max(scale, Math.max(Math.abs(x), Math.abs(y)));
            }
        }
        if (scale > 0) for (int i = 0; i < xy.length; i++) xy[i] = (float) (xy[i] * 10 / scale);
        // a little noise, so that copies do not start on one point
        for (int i = 0; i < xy.length; i++) xy[i] += (float) (random.nextGaussian() * 1e-4);
        return xy;
    }

    /** The covariance's leading direction, orthogonal to {@code not} when given. */
    private static double[] direction(double[][] cov, double[] not, SplittableRandom random) {
        int dim = cov.length;
        double[] v = new double[dim];
        for (int j = 0; j < dim; j++) v[j] = random.nextGaussian();
        for (int it = 0; it < 100; it++) {
            if (not != null) {
                double p = 0;
                for (int j = 0; j < dim; j++) p += v[j] * not[j];
                for (int j = 0; j < dim; j++) v[j] -= p * not[j];
            }
            double[] next = new double[dim];
            for (int a = 0; a < dim; a++) {
                double s = 0;
                for (int b = 0; b < dim; b++) s += cov[a][b] * v[b];
                next[a] = s;
            }
            double norm = 0;
            for (double x : next) norm += x * x;
            norm = Math.sqrt(norm);
            if (norm == 0) break;
            for (int j = 0; j < dim; j++) v[j] = next[j] / norm;
        }
        return v;
    }
}
