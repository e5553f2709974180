package io.snclr.method;

import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;

/** Fraction of a sample's K neighbours that share its label, over samples whose label is known. */
public final class NeighborPrecision {
    public static final String KEY = "neighbor_precision";
    /** Logged every step by the methods that pick neighbours; charted over steps. */
    public static final MetricSpec METRIC = new MetricSpec(
            KEY,
            "neighbour precision",
            MetricSpec.Kind.STEP,
            new MetricSpec.Chart("neighbor-precision", "neighbour precision (same class among the K)"));

    private NeighborPrecision() {}

    /** @return the precision, or NaN when no sample of the batch has a known label */
    public static double of(Tensor neighborLabels, Tensor labels) {
        long[] nl = Tensors.toLongs(neighborLabels);
        long[] lb = Tensors.toLongs(labels);
        int k = (int) (nl.length / Math.max(1, lb.length));
        long same = 0, counted = 0;
        for (int i = 0; i < lb.length; i++) {
            if (lb[i] < 0) continue;
            for (int j = 0; j < k; j++) if (nl[i * k + j] == lb[i]) same++;
            counted += k;
        }
        return counted == 0 ? Double.NaN : (double) same / counted;
    }
}
