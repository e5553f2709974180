package io.snclr.retrieval;

import io.snclr.api.Embeddings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;

/**
 * A diverse subset of a collection by k-center greedy (farthest-point sampling, the core-set selection of Sener and
 * Savarese, ICLR 2018): each pick is the row farthest, in cosine distance, from everything picked or already labelled,
 * so the picks cover the collection instead of piling up where it is dense. Exact over every row: one pass over the
 * embeddings per pick, in blocks on several threads; the heap holds one float per row.
 */
public final class KCenterGreedy {
    /** Rows per block of a pass. */
    private static final int BLOCK = 4096;

    /**
     * A pick.
     *
     * @param distance its cosine distance (1 − cosine) to the nearest row picked or labelled before it; NaN for a
     *     first pick with nothing labelled
     */
    public record Pick(int row, float distance) {}

    private final Embeddings embeddings;
    private final int threads;
    /** Each row's highest cosine to a row picked or labelled so far. */
    private final float[] nearest;

    private KCenterGreedy(Embeddings embeddings, int threads) {
        this.embeddings = embeddings;
        this.threads = Math.max(1, threads);
        this.nearest = new float[embeddings.rows()];
        Arrays.fill(nearest, Float.NEGATIVE_INFINITY);
    }

    /**
     * @param count how many rows to pick; fewer are returned when the rest are copies of rows picked or labelled
     * @param labelled rows already labelled: the picks cover what they do not
     * @param first the first pick when nothing is labelled; −1: the row nearest to the collection's mean
     * @param progress told the number of picks so far
     */
    public static List<Pick> select(
            Embeddings embeddings, int count, int[] labelled, int first, int threads, IntConsumer progress) {
        if (count < 1) throw new IllegalArgumentException("--count must be >= 1, got " + count);
        UnitVectors.require(embeddings, "selection");
        int n = embeddings.rows();
        for (int row : labelled) {
            if (row < 0 || row >= n) throw new IllegalArgumentException("labelled row " + row + " is not in 0.." + n);
        }
        KCenterGreedy greedy = new KCenterGreedy(embeddings, threads);
        List<Pick> picks = new ArrayList<>();
        int next;
        if (labelled.length > 0) {
            next = -1;
            for (int row : labelled) next = greedy.pass(embeddings.rows(row, 1)); // the row itself is covered too
        } else {
            if (first >= n) throw new IllegalArgumentException("first row " + first + " is not in 0.." + n);
            next = first >= 0 ? first : greedy.nearestTo(greedy.mean());
            picks.add(new Pick(next, Float.NaN));
            progress.accept(1);
            next = greedy.pass(embeddings.rows(next, 1));
        }
        while (picks.size() < Math.min(count, n) && next >= 0) {
            float distance = 1 - greedy.nearest[next];
            if (distance <= 0) break; // every row left is a copy of one covered
            picks.add(new Pick(next, distance));
            progress.accept(picks.size());
            if (picks.size() < count) next = greedy.pass(embeddings.rows(next, 1));
        }
        return picks;
    }

    /**
     * One pass over every row: folds the cosine to {@code centre} into {@link #nearest} and returns the row now
     * farthest from everything covered.
     */
    private int pass(float[] centre) {
        int n = nearest.length, dim = embeddings.dim();
        int per = (n + threads - 1) / threads;
        List<Callable<long[]>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = t * per, to = Math.min(n, from + per);
            parts.add(() -> {
                int best = -1;
                float lowest = Float.POSITIVE_INFINITY;
                for (int b = from; b < to; b += BLOCK) {
                    int count = Math.min(BLOCK, to - b);
                    float[] rows = embeddings.rows(b, count);
                    for (int i = 0; i < count; i++) {
                        float dot = UnitVectors.dot(rows, i * dim, centre);
                        if (dot > nearest[b + i]) nearest[b + i] = dot;
                        if (nearest[b + i] < lowest) {
                            lowest = nearest[b + i];
                            best = b + i;
                        }
                    }
                }
                return new long[] {best, Float.floatToIntBits(lowest)};
            });
        }
        int best = -1;
        float lowest = Float.POSITIVE_INFINITY;
        for (long[] r : Parallel.run(parts)) { // in row order: ties go to the lower row
            float v = Float.intBitsToFloat((int) r[1]);
            if (r[0] >= 0 && v < lowest) {
                lowest = v;
                best = (int) r[0];
            }
        }
        return best;
    }

    private float[] mean() {
        int n = nearest.length, dim = embeddings.dim();
        double[] sum = new double[dim];
        for (int b = 0; b < n; b += BLOCK) {
            int count = Math.min(BLOCK, n - b);
            float[] rows = embeddings.rows(b, count);
            for (int i = 0; i < count * dim; i++) sum[i % dim] += rows[i];
        }
        float[] mean = new float[dim];
        for (int j = 0; j < dim; j++) mean[j] = (float) (sum[j] / n);
        return mean;
    }

    /** The row of highest dot product with {@code v}. */
    private int nearestTo(float[] v) {
        int n = nearest.length, dim = embeddings.dim(), best = -1;
        float highest = Float.NEGATIVE_INFINITY;
        for (int b = 0; b < n; b += BLOCK) {
            int count = Math.min(BLOCK, n - b);
            float[] rows = embeddings.rows(b, count);
            for (int i = 0; i < count; i++) {
                float dot = UnitVectors.dot(rows, i * dim, v);
                if (dot > highest) {
                    highest = dot;
                    best = b + i;
                }
            }
        }
        return best;
    }
}
