package io.snclr.method.spcl;

import io.snclr.augment.BatchAugmenter;
import io.snclr.data.ImageSet;
import io.snclr.data.Subsets;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Scope;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.engine.Tensors;
import io.snclr.model.Encoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.bytedeco.pytorch.Tensor;

/**
 * SPCL's per-epoch prototypes: one augmented view of every training image is embedded by the backbone
 * (eval mode, unit rows), clustered by k-means into P prototypes, and each image's prototype becomes its
 * pseudo-label. Prototype ids are matched greedily to the previous epoch's centroids, so the prototype head keeps
 * the meaning of its outputs from one epoch to the next.
 */
public final class Prototypes {
    /** Seconds of the epoch's clustering pass (embedding and k-means). */
    public static final String CLUSTER_SECONDS = "cluster_s";
    /** Purity and NMI of the prototypes against the true classes, when labels are known. */
    public static final String PURITY = "prototype_purity";

    public static final String NMI = "prototype_nmi";

    private final ImageSet data;
    private final BatchAugmenter augmenter;
    private final KMeans kmeans;
    private final int count;
    private final int batchSize;
    private final long seed;
    private int epoch = -1;
    private int[] assignments;
    private float[] centroids; // P×D on the host: small, and it outlives every step's memory scope

    public Prototypes(ImageSet data, BatchAugmenter augmenter, int count, int batchSize, long seed) {
        this.data = data;
        this.augmenter = augmenter;
        this.kmeans = new KMeans(count, 30);
        this.count = count;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    public int count() {
        return count;
    }

    /** The epoch whose assignments are held (-1 before the first clustering). */
    public int epoch() {
        return epoch;
    }

    public int[] assignments() {
        return assignments;
    }

    /** Pseudo-labels of the given images. */
    public long[] of(int[] indices) {
        long[] out = new long[indices.length];
        for (int i = 0; i < indices.length; i++) out[i] = assignments[indices[i]];
        return out;
    }

    /** Embeds and clusters the data set for {@code epoch}; returns time, k-means statistics and, with labels, quality. */
    public Map<String, Double> recluster(int epoch, Encoder backbone) {
        long t0 = System.nanoTime();
        Map<String, Double> out = new LinkedHashMap<>();
        try (Scope scope = Scope.open()) {
            Tensor features = embed(epoch, backbone, scope);
            double embedSeconds = (System.nanoTime() - t0) / 1e9;
            KMeans.Result r = kmeans.fit(features, new SplittableRandom(seed * 7_919L + epoch));
            float[] next = r.centroids();
            int[] relabel = centroids == null ? Subsets.identity(count) : GreedyMatching.match(next, centroids, count);
            assignments = new int[r.assignments().length];
            for (int i = 0; i < assignments.length; i++) assignments[i] = relabel[r.assignments()[i]];
            centroids = permuteRows(next, relabel, count);
            this.epoch = epoch;
            out.put("cluster_embed_s", embedSeconds);
            out.put(CLUSTER_SECONDS, (System.nanoTime() - t0) / 1e9);
            out.put("kmeans_iterations", (double) r.iterations());
            out.put("kmeans_reseeded", (double) r.reseeded());
            out.put("kmeans_inertia", r.inertia());
        }
        int[] sizes = new int[count];
        for (int a : assignments) sizes[a]++;
        out.put("prototype_min_size", (double) Arrays.stream(sizes).min().orElse(0));
        out.put("prototype_max_size", (double) Arrays.stream(sizes).max().orElse(0));
        if (data.hasLabels()) {
            ClusterQuality q = ClusterQuality.of(assignments, data.labels());
            out.put(PURITY, q.purity());
            out.put(NMI, q.nmi());
        }
        return out;
    }

    /** Unit backbone features of one augmented view of every image, N×D on the backbone's device. */
    private Tensor embed(int epoch, Encoder backbone, Scope outer) {
        boolean wasTraining = backbone.module().is_training();
        backbone.module().train(false);
        try {
            List<Tensor> parts = new ArrayList<>();
            int n = data.size();
            for (int start = 0, chunk = 0; start < n; start += batchSize, chunk++) {
                int b = Math.min(batchSize, n - start);
                int[] idx = IntStream.range(start, start + b).toArray();
                int c = chunk;
                try (Scope inner = Scope.open()) { // one chunk's activations at a time
                    Tensor images = Tensors.bytes(data.gather(idx), b, data.channels(), data.height(), data.width());
                    Tensor view = augmenter.clusteringView(images, epoch, c);
                    parts.add(outer.adopt(
                            inner.keep(ModuleState.noGrad(() -> Tensors.l2normalize(backbone.forward(view))))));
                }
            }
            return Tensors.cat(0, parts.toArray(new Tensor[0]));
        } finally {
            backbone.module().train(wasTraining);
        }
    }

    private static float[] permuteRows(float[] rows, int[] relabel, int count) {
        int d = rows.length / count;
        float[] out = new float[rows.length];
        for (int j = 0; j < count; j++) System.arraycopy(rows, j * d, out, relabel[j] * d, d);
        return out;
    }

    /** Checkpoint entries: the epoch, the assignments and the centroids, so a resumed epoch keeps its batches. */
    public void save(StateWriter out) {
        if (epoch < 0) return;
        long[] a = new long[assignments.length];
        for (int i = 0; i < a.length; i++) a[i] = assignments[i];
        out.putLong("spcl.epoch", epoch);
        out.put("spcl.assignments", Tensors.longs(a, a.length));
        out.put("spcl.centroids", Tensors.floats(centroids, count, centroids.length / count));
    }

    public void load(StateReader in) {
        epoch = (int) in.getLong("spcl.epoch");
        long[] a = Tensors.toLongs(in.get("spcl.assignments"));
        if (a.length != data.size()) {
            throw new IllegalArgumentException(
                    in.file() + ": prototypes were made for " + a.length + " images, the run has " + data.size());
        }
        assignments = new int[a.length];
        for (int i = 0; i < a.length; i++) assignments[i] = (int) a[i];
        centroids = Tensors.toFloats(in.get("spcl.centroids"));
        if (centroids.length % count != 0 || centroids.length / count == 0) {
            throw new IllegalArgumentException(in.file() + ": saved prototypes do not match --prototypes " + count);
        }
    }
}
