package io.snclr.method.spcl;

import io.snclr.engine.Device;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;

/**
 * k-means with k-means++ seeding and Lloyd iterations as batched tensor ops (so it runs where the features are).
 * A cluster that loses all its points is re-seeded with the point farthest from its centroid, so every one of the P
 * prototypes stays in use.
 */
public final class KMeans {
    private final int clusters;
    private final int maxIterations;

    /** Assignment of every point, the centroids (P×D, row-major on the host), Lloyd iterations, re-seeds. */
    public record Result(int[] assignments, float[] centroids, int iterations, int reseeded, double inertia) {}

    public KMeans(int clusters, int maxIterations) {
        if (clusters < 1) throw new IllegalArgumentException("--prototypes must be >= 1, got " + clusters);
        if (maxIterations < 1) throw new IllegalArgumentException("k-means needs at least one iteration");
        this.clusters = clusters;
        this.maxIterations = maxIterations;
    }

    /**
     * Clusters the rows of {@code x} (N×D float, any device); deterministic for a given {@code rng} state. Every
     * iteration runs in its own memory scope; only the small centroid matrix travels between them, on the host.
     */
    public Result fit(Tensor x, SplittableRandom rng) {
        int n = (int) x.size(0);
        if (n < clusters)
            throw new IllegalArgumentException("cannot make " + clusters + " prototypes from " + n + " images");
        return fit(x, ModuleState.noGrad(() -> seed(x, rng)));
    }

    /** Lloyd iterations from the given centroids (P×D row-major); also how tests force an empty cluster. */
    Result fit(Tensor x, float[] initial) {
        int n = (int) x.size(0);
        return ModuleState.noGrad(() -> {
            float[] c = initial;
            long[] assign = nearest(x, c);
            int iterations = 0, reseeded = 0;
            while (iterations < maxIterations) {
                iterations++;
                long[] counts = new long[clusters];
                for (long a : assign) counts[(int) a]++;
                reseeded += reseedEmpty(x, c, assign, counts);
                c = means(x, assign, counts);
                long[] next = nearest(x, c);
                boolean stable = Arrays.equals(assign, next);
                assign = next;
                if (stable) break;
            }
            int[] out = new int[n];
            for (int i = 0; i < n; i++) out[i] = (int) assign[i];
            double inertia;
            try (Scope s = Scope.open()) {
                inertia = Tensors.item(
                        Tensors.min(squaredDistances(x, centroids(c, x)), 1).sum());
            }
            return new Result(out, c, iterations, reseeded, inertia);
        });
    }

    private Tensor centroids(float[] c, Tensor like) {
        return Tensors.onDeviceOf(Tensors.floats(c, clusters, c.length / clusters), like);
    }

    private long[] nearest(Tensor x, float[] c) {
        try (Scope s = Scope.open()) {
            return Tensors.toLongs(Tensors.argmin(squaredDistances(x, centroids(c, x)), 1));
        }
    }

    /** Lloyd's update: every centroid becomes the mean of its points. */
    private float[] means(Tensor x, long[] assign, long[] counts) {
        try (Scope s = Scope.open()) {
            Tensor idx = Tensors.onDeviceOf(Tensors.longs(assign, assign.length), x);
            Tensor sums = Tensors.onDeviceOf(Tensors.zeros(Device.CPU, clusters, x.size(1)), x)
                    .index_add(0, idx, x);
            float[] cnt = new float[clusters];
            for (int j = 0; j < clusters; j++) cnt[j] = counts[j];
            return Tensors.toFloats(sums.div(Tensors.onDeviceOf(Tensors.floats(cnt, clusters, 1), x)));
        }
    }

    /** k-means++: each next centre is a point drawn with probability proportional to its squared distance D². */
    private float[] seed(Tensor x, SplittableRandom rng) {
        try (Scope s = Scope.open()) {
            int n = (int) x.size(0);
            long[] chosen = new long[clusters];
            chosen[0] = rng.nextInt(n);
            Tensor d2 = squaredDistances(x, x.narrow(0, chosen[0], 1)).view(n);
            for (int j = 1; j < clusters; j++) {
                chosen[j] = sample(Tensors.toFloats(d2), rng);
                d2 = d2.min(squaredDistances(x, x.narrow(0, chosen[j], 1)).view(n));
            }
            return Tensors.toFloats(x.index_select(0, Tensors.onDeviceOf(Tensors.longs(chosen, clusters), x)));
        }
    }

    private static int sample(float[] weights, SplittableRandom rng) {
        double total = 0;
        for (float v : weights) total += v;
        if (total <= 0) return rng.nextInt(weights.length); // every point sits on a centre: any will do
        double r = rng.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.length - 1;
    }

    /**
     * Empty clusters take the points farthest from their assigned centroid (distinct points, each moved out of a
     * cluster that keeps at least one point); returns how many clusters were re-seeded.
     */
    private int reseedEmpty(Tensor x, float[] c, long[] assign, long[] counts) {
        int empty = 0;
        for (long k : counts) if (k == 0) empty++;
        if (empty == 0) return 0;
        float[] own;
        try (Scope s = Scope.open()) {
            Tensor idx = Tensors.onDeviceOf(Tensors.longs(assign, assign.length), x);
            own = Tensors.toFloats(
                    Tensors.sum(x.sub(centroids(c, x).index_select(0, idx)).pow(Tensors.scalar(2.0)), 1));
        }
        Integer[] order = new Integer[own.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(own[b], own[a]));
        int next = 0;
        for (int j = 0; j < clusters; j++) {
            if (counts[j] != 0) continue;
            int p = order[next++];
            while (counts[(int) assign[p]] < 2) p = order[next++];
            counts[(int) assign[p]]--;
            assign[p] = j;
            counts[j] = 1;
        }
        return empty;
    }

    /** ‖x‖² − 2·x·cᵀ + ‖c‖²: N×P, clamped at 0 against rounding. */
    static Tensor squaredDistances(Tensor x, Tensor c) {
        Tensor xx = Tensors.sumKeep(x.mul(x), 1);
        Tensor cc = Tensors.sumKeep(c.mul(c), 1).t();
        return Tensors.relu(xx.sub(x.matmul(c.t()).mul(Tensors.scalar(2.0))).add(cc));
    }
}
