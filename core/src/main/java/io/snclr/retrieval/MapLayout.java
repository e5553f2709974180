package io.snclr.retrieval;

import io.snclr.api.Embeddings;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;

/**
 * A 2-D map of a collection by the method of UMAP (McInnes, Healy and Melville 2018): each row's nearest rows (from
 * the index, or the exact scan) form a graph whose edges are weighted by fuzzy membership, and points in the plane
 * are moved by stochastic gradient descent so that neighbours attract and random pairs repel (negative sampling).
 * The points start from the embeddings' two principal directions, so the map keeps the collection's large-scale
 * arrangement. Memory: the graph (k rows and weights per row) and two floats per row.
 */
public final class MapLayout {
    /** UMAP's curve for min_dist 0.1 and spread 1: 1 / (1 + a·d^(2b)) is a neighbour's similarity in the plane. */
    private static final double A = 1.577, B = 0.8951;

    private static final int NEGATIVES = 5;
    private static final float CLIP = 4;

    /**
     * @param neighbours the graph's neighbours per row (UMAP's n_neighbors, 15)
     * @param epochs passes over the graph (UMAP's n_epochs; 0: 500 up to 10,000 rows, else 200)
     */
    public record Settings(int neighbours, int epochs, long seed) {
        public static final Settings DEFAULT = new Settings(15, 0, 0);

        public Settings {
            if (neighbours < 2) throw new IllegalArgumentException("--neighbours must be >= 2, got " + neighbours);
            if (epochs < 0) throw new IllegalArgumentException("--epochs must be >= 0, got " + epochs);
        }
    }

    private MapLayout() {}

    /** The passes over the graph for {@code rows} rows: the setting's, or UMAP's default (500 up to 10,000, else 200). */
    public static int epochs(Settings settings, int rows) {
        return settings.epochs() > 0 ? settings.epochs() : rows <= 10_000 ? 500 : 200;
    }

    /**
     * @param progress told the rows searched, then the epochs done (offset by the rows)
     * @return x and y of each row, interleaved
     */
    public static float[] layout(
            Embeddings embeddings, VectorSearch search, Settings settings, int threads, IntConsumer progress) {
        UnitVectors.require(embeddings, "the map");
        int n = embeddings.rows();
        int k = Math.min(settings.neighbours(), n - 1);
        float[] xy = PrincipalPlane.project(embeddings, new SplittableRandom(settings.seed()));
        if (k < 1) return xy;
        int[] to = new int[n * k];
        float[] weight = new float[n * k];
        graph(embeddings, search, k, threads, to, weight, progress);
        int epochs = epochs(settings, n);
        optimise(xy, to, weight, k, epochs, settings.seed(), threads, e -> progress.accept(n + e));
        return xy;
    }

    /** Each row's k nearest rows and their fuzzy membership weights (UMAP's smooth kNN distances). */
    private static void graph(
            Embeddings embeddings,
            VectorSearch search,
            int k,
            int threads,
            int[] to,
            float[] weight,
            IntConsumer progress) {
        double target = Math.log(k) / Math.log(2);
        EveryRow.search(embeddings, search, k + 1, threads, progress, (row, hits) -> {
            int m = 0;
            double[] d = new double[k];
            for (Hit h : hits) {
                if (h.row() == row || m == k) continue;
                to[row * k + m] = h.row();
                d[m++] = Math.max(0, 1 - h.score());
            }
            for (; m < k; m++) { // fewer hits than asked: a self-loop of no weight
                to[row * k + m] = row;
                d[m] = Double.POSITIVE_INFINITY;
            }
            smooth(d, target, weight, row * k);
        });
    }

    /** exp(−(d − ρ)/σ) with ρ the nearest distance and σ found by bisection so the weights sum to log2 k. */
    private static void smooth(double[] d, double target, float[] weight, int offset) {
        double rho = Double.POSITIVE_INFINITY;
        for (double v : d) if (v > 0 && v < rho) rho = v;
        if (rho == Double.POSITIVE_INFINITY) rho = 0;
        double lo = 0, hi = Double.POSITIVE_INFINITY, sigma = 1;
        for (int it = 0; it < 64; it++) {
            double sum = 0;
            for (double v : d) sum += Double.isFinite(v) ? Math.exp(-Math.max(0, v - rho) / sigma) : 0;
            if (Math.abs(sum - target) < 1e-5) break;
            if (sum > target) {
                hi = sigma;
                sigma = (lo + hi) / 2;
            } else {
                lo = sigma;
                sigma = hi == Double.POSITIVE_INFINITY ? sigma * 2 : (lo + hi) / 2;
            }
        }
        for (int j = 0; j < d.length; j++) {
            weight[offset + j] = Double.isFinite(d[j]) ? (float) Math.exp(-Math.max(0, d[j] - rho) / sigma) : 0;
        }
    }

    /** UMAP's layout optimisation: each edge sampled in proportion to its weight, with negative samples. */
    private static void optimise(
            float[] xy, int[] to, float[] weight, int k, int epochs, long seed, int threads, IntConsumer progress) {
        int n = xy.length / 2;
        float top = 0;
        for (float w : weight) top = Math.max(top, w);
        float max = top;
        int per = (n + threads - 1) / threads;
        for (int epoch = 0; epoch < epochs; epoch++) {
            float alpha = 1 - (float) epoch / epochs;
            int e = epoch;
            List<Callable<Void>> parts = new ArrayList<>();
            for (int t = 0; t < Math.max(1, threads); t++) {
                int from = t * per, end = Math.min(n, from + per);
                SplittableRandom random = new SplittableRandom(seed * 1_000_003L + e * 31L + t);
                // threads write to shared points without locks (Hogwild!): a lost update is noise SGD absorbs
                parts.add(() -> {
                    for (int i = from; i < end; i++) {
                        for (int m = 0; m < k; m++) {
                            float w = weight[i * k + m];
                            if (w <= 0 || random.nextFloat() * max > w) continue;
                            int j = to[i * k + m];
                            attract(xy, i, j, alpha);
                            for (int s = 0; s < NEGATIVES; s++) repel(xy, i, random.nextInt(n), alpha);
                        }
                    }
                    return null;
                });
            }
            Parallel.run(parts);
            progress.accept(epoch + 1);
        }
    }

    private static void attract(float[] xy, int i, int j, float alpha) {
        float dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];
        double d2 = dx * dx + dy * dy;
        if (d2 <= 0) return;
        float g = (float) (-2 * A * B * Math.pow(d2, B - 1) / (1 + A * Math.pow(d2, B)));
        float gx = clip(g * dx) * alpha, gy = clip(g * dy) * alpha;
        xy[2 * i] += gx;
        xy[2 * i + 1] += gy;
        xy[2 * j] -= gx;
        xy[2 * j + 1] -= gy;
    }

    private static void repel(float[] xy, int i, int j, float alpha) {
        if (i == j) return;
        float dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];
        double d2 = dx * dx + dy * dy;
        float g = (float) (2 * B / ((0.001 + d2) * (1 + A * Math.pow(d2, B))));
        xy[2 * i] += clip(g * dx) * alpha;
        xy[2 * i + 1] += clip(g * dy) * alpha;
    }

    private static float clip(float v) {
        return Math.max(-CLIP, Math.min(CLIP, v));
    }
}
