package io.snclr.method.spcl;

/**
 * Matches this epoch's cluster ids to last epoch's: repeatedly pairs the most similar (new, old) centroids among
 * those not yet paired. k-means numbers clusters arbitrarily; without this the prototype head's classes would be
 * shuffled every epoch.
 */
final class GreedyMatching {
    private GreedyMatching() {}

    /** @return for each new cluster j, the old id it takes over (a permutation of 0..count-1) */
    static int[] match(float[] next, float[] previous, int count) {
        int d = next.length / count;
        if (previous.length != next.length) throw new IllegalArgumentException("centroid shapes differ between epochs");
        double[][] sim = new double[count][count];
        for (int a = 0; a < count; a++) {
            for (int b = 0; b < count; b++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += next[a * d + k] * previous[b * d + k];
                sim[a][b] = s;
            }
        }
        int[] out = new int[count];
        boolean[] usedNew = new boolean[count], usedOld = new boolean[count];
        for (int round = 0; round < count; round++) {
            int bestA = -1, bestB = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < count; a++) {
                if (usedNew[a]) continue;
                for (int b = 0; b < count; b++) {
                    if (!usedOld[b] && sim[a][b] > best) {
                        best = sim[a][b];
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            out[bestA] = bestB;
            usedNew[bestA] = true;
            usedOld[bestB] = true;
        }
        return out;
    }
}
