package io.snclr.method.spcl;

/** How well prototypes match the true classes: purity and normalised mutual information (arithmetic mean). */
public record ClusterQuality(double purity, double nmi) {

    /** Over the samples whose label is known (label ≥ 0); NaN when there are none. */
    public static ClusterQuality of(int[] clusters, int[] labels) {
        int p = 0, c = 0;
        for (int i = 0; i < clusters.length; i++) {
            p = Math.max(p, clusters[i] + 1);
            c = Math.max(c, labels[i] + 1);
        }
        long[][] joint = new long[p][Math.max(c, 1)];
        long n = 0;
        for (int i = 0; i < clusters.length; i++) {
            if (labels[i] < 0) continue;
            joint[clusters[i]][labels[i]]++;
            n++;
        }
        if (n == 0) return new ClusterQuality(Double.NaN, Double.NaN);
        long[] rows = new long[p], cols = new long[Math.max(c, 1)];
        long majority = 0;
        for (int a = 0; a < p; a++) {
            long best = 0;
            for (int b = 0; b < cols.length; b++) {
                rows[a] += joint[a][b];
                cols[b] += joint[a][b];
                best = Math.max(best, joint[a][b]);
            }
            majority += best;
        }
        double mi = 0;
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < cols.length; b++) {
                if (joint[a][b] == 0) continue;
                double pab = (double) joint[a][b] / n;
                mi += pab * Math.log(pab * n * n / ((double) rows[a] * cols[b]));
            }
        }
        double hClusters = entropy(rows, n), hLabels = entropy(cols, n);
        double denom = (hClusters + hLabels) / 2;
        double nmi = denom == 0 ? 1.0 : mi / denom;
        return new ClusterQuality((double) majority / n, nmi);
    }

    private static double entropy(long[] counts, long n) {
        double h = 0;
        for (long k : counts) {
            if (k > 0) h -= (double) k / n * Math.log((double) k / n);
        }
        return h;
    }
}
