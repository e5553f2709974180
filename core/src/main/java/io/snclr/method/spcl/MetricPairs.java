package io.snclr.method.spcl;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Siamese metric loss's pairs within a batch: every sample of the anchor prototype is paired with one other
 * sample of the same prototype (same = 1) and one sample of another prototype (same = 0).
 *
 * @param first batch positions of the first member of each pair
 * @param second batch positions of the second member
 * @param same 1 for a same-prototype pair, 0 otherwise
 */
public record MetricPairs(long[] first, long[] second, float[] same) {

    public int size() {
        return first.length;
    }

    /** Pairs for a batch whose samples have the given prototypes; empty when no sample has a partner of both kinds. */
    public static MetricPairs draw(long[] prototypeOf, long anchorPrototype, SplittableRandom rng) {
        List<Integer> inAnchor = new ArrayList<>(), outside = new ArrayList<>();
        for (int i = 0; i < prototypeOf.length; i++) (prototypeOf[i] == anchorPrototype ? inAnchor : outside).add(i);
        if (inAnchor.size() < 2 || outside.isEmpty()) return new MetricPairs(new long[0], new long[0], new float[0]);
        int n = inAnchor.size();
        long[] a = new long[2 * n], b = new long[2 * n];
        float[] same = new float[2 * n];
        for (int k = 0; k < n; k++) {
            int i = inAnchor.get(k);
            int other = rng.nextInt(n - 1);
            a[2 * k] = i;
            b[2 * k] = inAnchor.get(other >= k ? other + 1 : other); // any other member of the prototype
            same[2 * k] = 1f;
            a[2 * k + 1] = i;
            b[2 * k + 1] = outside.get(rng.nextInt(outside.size()));
        }
        return new MetricPairs(a, b, same);
    }
}
