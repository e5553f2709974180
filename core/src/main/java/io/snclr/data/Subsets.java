package io.snclr.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded subsets: the first-N limit and class-balanced limits (equal count per class, seeded choice). */
public final class Subsets {
    private Subsets() {}

    /**
     * Indices of {@code n} images, as equal across classes as possible, chosen with {@code seed}, returned sorted.
     * Unlabelled sets fall back to a seeded uniform choice.
     */
    public static int[] classBalanced(int[] labels, int numClasses, int n, long seed) {
        if (n >= labels.length) return identity(labels.length);
        SplittableRandom rng = new SplittableRandom(seed);
        if (numClasses == 0) {
            int[] perm = permutation(labels.length, rng);
            int[] out = Arrays.copyOf(perm, n);
            Arrays.sort(out);
            return out;
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < labels.length; i++) byClass.get(labels[i]).add(i);
        for (List<Integer> members : byClass) shuffle(members, rng);
        int[] out = new int[n];
        int filled = 0;
        // round-robin over classes so that the counts differ by at most one (fewer only where a class runs out)
        for (int round = 0; filled < n; round++) {
            boolean any = false;
            for (int c = 0; c < numClasses && filled < n; c++) {
                if (round < byClass.get(c).size()) {
                    out[filled++] = byClass.get(c).get(round);
                    any = true;
                }
            }
            if (!any) break;
        }
        out = Arrays.copyOf(out, filled);
        Arrays.sort(out);
        return out;
    }

    public static int[] identity(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = i;
        return out;
    }

    public static int[] permutation(int n, SplittableRandom rng) {
        int[] p = identity(n);
        shuffle(p, rng);
        return p;
    }

    /** Fisher-Yates, in place. */
    public static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void shuffle(List<Integer> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
