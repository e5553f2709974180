package io.snclr.retrieval;

import io.snclr.api.Embeddings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * A selection for a labelling budget by TypiClust (Hacohen, Dekel and Weinshall, "Active Learning on a Budget", ICML
 * 2022): the collection is cut into as many clusters as there are images to choose and images labelled (spherical
 * k-means on the embeddings), and from each cluster that holds no labelled image, largest first, its most typical
 * image is chosen: the one nearest to its own nearest neighbours (typicality, the inverse of the mean cosine distance
 * to its {@value #NEIGHBOURS} nearest neighbours in the cluster). Where k-center greedy spends a small budget on the
 * collection's outliers, this spends it on the dense parts that most images look like.
 */
public final class TypicalClusters {
    /** Neighbours typicality is measured over (the paper's 20). */
    static final int NEIGHBOURS = 20;
    /** The most members of a cluster its typicality is measured against (a seeded sample of larger clusters). */
    private static final int REFERENCE = 1000;
    /** Lloyd iterations at most; they stop earlier once fewer than 1 in 1,000 rows change cluster. */
    public static final int ITERATIONS = 30;
    /** Rows per block of a pass. */
    private static final int BLOCK = 4096;

    /**
     * A pick.
     *
     * @param clusterSize the images of its cluster, which it stands for
     * @param typicality the inverse of its mean cosine distance to its nearest neighbours in the cluster
     */
    public record Pick(int row, int clusterSize, float typicality) {}

    private final Embeddings embeddings;
    private final int threads;
    private final int dim;

    private TypicalClusters(Embeddings embeddings, int threads) {
        this.embeddings = embeddings;
        this.threads = Math.max(1, threads);
        this.dim = embeddings.dim();
    }

    /**
     * @param count how many rows to choose
     * @param labelled rows already labelled: clusters holding one are covered
     * @param seed the k-means initialisation's
     * @param progress told each k-means iteration's number
     * @return the picks, from the largest cluster down; fewer than {@code count} when the clusters run out
     */
    public static List<Pick> select(
            Embeddings embeddings, int count, int[] labelled, long seed, int threads, IntConsumer progress) {
        if (count < 1) throw new IllegalArgumentException("--count must be >= 1, got " + count);
        UnitVectors.require(embeddings, "selection");
        int n = embeddings.rows();
        int k = (int) Math.min(n, (long) count + labelled.length);
        TypicalClusters t = new TypicalClusters(embeddings, threads);
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centres = t.initialCentres(k, random);
        int[] cluster = new int[n];
        Arrays.fill(cluster, -1);
        for (int i = 1; i <= ITERATIONS; i++) {
            int changed = t.assign(centres, cluster);
            progress.accept(i);
            if (changed * 1000L < n) break;
            centres = t.centres(cluster, k, centres);
        }
        boolean[] covered = new boolean[k];
        for (int row : labelled) covered[cluster[row]] = true;
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < k; c++) members.add(new ArrayList<>());
        for (int r = 0; r < n; r++) members.get(cluster[r]).add(r);
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < k; c++) if (!covered[c] && !members.get(c).isEmpty()) order.add(c);
        order.sort(
                Comparator.comparingInt((Integer c) -> -members.get(c).size()).thenComparingInt(c -> c));
        List<Pick> picks = new ArrayList<>();
        for (int c : order.subList(0, Math.min(count, order.size()))) {
            picks.add(t.mostTypical(members.get(c), random.split()));
        }
        return picks;
    }

    /** k-means++ seeding (Arthur and Vassilvitskii 2007) on a sample of the rows. */
    private float[][] initialCentres(int k, SplittableRandom random) {
        int n = embeddings.rows();
        int size = (int) Math.min(n, Math.max(20_000L, 10L * k));
        int[] sample = size == n
                ? IntStream.range(0, n).toArray()
                : random.ints(0, n).distinct().limit(size).toArray();
        float[][] points = new float[size][];
        for (int i = 0; i < size; i++) points[i] = embeddings.rows(sample[i], 1);
        float[][] centres = new float[k][];
        double[] nearest = new double[size];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        int next = random.nextInt(size);
        for (int c = 0; c < k; c++) {
            centres[c] = points[next];
            double total = 0;
            for (int i = 0; i < size; i++) {
                double d = Math.max(0, 1 - UnitVectors.dot(points[i], 0, centres[c]));
                if (d < nearest[i]) nearest[i] = d;
                total += nearest[i] * nearest[i];
            }
            double target = random.nextDouble() * total;
            next = size - 1;
            for (int i = 0; i < size; i++) {
                target -= nearest[i] * nearest[i];
                if (target <= 0) {
                    next = i;
                    break;
                }
            }
        }
        return centres;
    }

    /** Each row to its nearest centre; how many rows changed cluster. */
    private int assign(float[][] centres, int[] cluster) {
        int n = cluster.length, per = (n + threads - 1) / threads;
        List<Callable<Integer>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = t * per, to = Math.min(n, from + per);
            parts.add(() -> {
                int changed = 0;
                for (int b = from; b < to; b += BLOCK) {
                    int count = Math.min(BLOCK, to - b);
                    float[] rows = embeddings.rows(b, count);
                    for (int i = 0; i < count; i++) {
                        int best = 0;
                        float highest = Float.NEGATIVE_INFINITY;
                        for (int c = 0; c < centres.length; c++) {
                            float s = UnitVectors.dot(rows, i * dim, centres[c]);
                            if (s > highest) {
                                highest = s;
                                best = c;
                            }
                        }
                        if (cluster[b + i] != best) changed++;
                        cluster[b + i] = best;
                    }
                }
                return changed;
            });
        }
        return Parallel.run(parts).stream().mapToInt(Integer::intValue).sum();
    }

    /** Each cluster's mean direction (spherical k-means); an empty cluster keeps its old centre. */
    private float[][] centres(int[] cluster, int k, float[][] old) {
        double[][] sum = new double[k][dim];
        for (int b = 0; b < cluster.length; b += BLOCK) {
            int count = Math.min(BLOCK, cluster.length - b);
            float[] rows = embeddings.rows(b, count);
            for (int i = 0; i < count; i++) {
                double[] s = sum[cluster[b + i]];
                for (int j = 0; j < dim; j++) s[j] += rows[i * dim + j];
            }
        }
        float[][] out = new float[k][];
        for (int c = 0; c < k; c++) {
            double norm = 0;
            for (double v : sum[c]) norm += v * v;
            if (norm == 0) {
                out[c] = old[c];
                continue;
            }
            out[c] = new float[dim];
            for (int j = 0; j < dim; j++) out[c][j] = (float) (sum[c][j] / Math.sqrt(norm));
        }
        return out;
    }

    /** The member nearest to its own nearest neighbours among the cluster's (sampled) members. */
    private Pick mostTypical(List<Integer> members, SplittableRandom random) {
        int size = members.size();
        int[] reference = members.stream().mapToInt(Integer::intValue).toArray();
        if (size > REFERENCE) {
            for (int i = 0; i < REFERENCE; i++) { // a partial shuffle: the first REFERENCE are a uniform sample
                int j = i + random.nextInt(size - i);
                int tmp = reference[i];
                reference[i] = reference[j];
                reference[j] = tmp;
            }
            reference = Arrays.copyOf(reference, REFERENCE);
        }
        float[][] ref = new float[reference.length][];
        for (int i = 0; i < reference.length; i++) ref[i] = embeddings.rows(reference[i], 1);
        int neighbours = Math.min(NEIGHBOURS, reference.length - 1);
        int best = members.get(0);
        float highest = Float.NEGATIVE_INFINITY;
        for (int row : members) {
            float typicality = Float.POSITIVE_INFINITY; // a cluster of one is its own most typical image
            if (neighbours > 0) {
                float[] v = embeddings.rows(row, 1);
                float[] sims = new float[ref.length];
                for (int i = 0; i < ref.length; i++) sims[i] = reference[i] == row ? -2 : UnitVectors.dot(v, 0, ref[i]);
                Arrays.sort(sims);
                double distance = 0;
                for (int i = 0; i < neighbours; i++) distance += 1 - sims[sims.length - 1 - i];
                typicality = (float) (neighbours / Math.max(distance, 1e-6));
            }
            if (typicality > highest) {
                highest = typicality;
                best = row;
            }
        }
        return new Pick(best, size, highest);
    }
}
