package io.snclr.experiments;

import java.util.Arrays;

/** Statistics over seeds, kept apart from how tables print them ({@link Format}). */
final class SeedStats {
    private SeedStats() {}

    /** Mean, sample standard deviation (NaN for one value) and range of {@code v}. */
    record Spread(double mean, double sd, double min, double max, int n) {
        static Spread of(double[] v) {
            return new Spread(
                    Arrays.stream(v).average().orElse(Double.NaN),
                    SeedStats.sd(v),
                    Arrays.stream(v).min().orElse(Double.NaN),
                    Arrays.stream(v).max().orElse(Double.NaN),
                    v.length);
        }
    }

    /** Per-seed differences (a − b)·scale: their spread, each one, and how many are above zero. */
    record Differences(double[] each, Spread spread, long positive) {
        static Differences of(double[] a, double[] b, double scale) {
            double[] d = new double[a.length];
            for (int i = 0; i < d.length; i++) d[i] = scale * (a[i] - b[i]);
            return new Differences(
                    d, Spread.of(d), Arrays.stream(d).filter(x -> x > 0).count());
        }
    }

    static double sd(double[] v) {
        if (v.length < 2) return Double.NaN;
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
    }
}
