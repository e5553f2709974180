package io.snclr.method;

import io.snclr.engine.ModuleState;
import io.snclr.engine.Tensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * The false-negative diagnostic of SPCL (Fig. 2b, Tab. 2), shared by every method so the two papers' claims can be
 * compared: cosine similarity of each anchor's representation to its own other view (true positive) and to the other
 * view of in-batch samples of the same true class (false negatives of instance discrimination). The representation
 * is the backbone output, the same for every method.
 */
public final class ViewSimilarity {
    public static final String TP_SIM = "tp_sim";
    public static final String FN_SIM = "fn_sim";
    public static final String NEG_SIM = "neg_sim";
    /**
     * How spread the first views' L2-normalised representations z are over the batch: √(mean ‖z‖² − ‖mean z‖²), the
     * root of the summed per-dimension variance (SimSiam's collapse check, §4.1, in units of 1/√d): about 1 for random
     * directions, 0 when every image gets the same representation.
     */
    public static final String SPREAD = "rep_spread";
    /** The same similarities measured on the projections (SPCL's Fig. 2b) carry this suffix: tp_sim_proj, ... */
    public static final String PROJECTION_SUFFIX = "_proj";

    private static final MetricSpec.Chart CHART =
            new MetricSpec.Chart("similarity", "representation similarity per epoch");
    /** What every method logs: the similarities of the backbone representations, kept as epoch means. */
    public static final List<MetricSpec> METRICS = List.of(
            new MetricSpec(TP_SIM, "TP (own other view)", MetricSpec.Kind.EPOCH_MEAN, CHART),
            new MetricSpec(FN_SIM, "FN (same-class negatives)", MetricSpec.Kind.EPOCH_MEAN, CHART),
            new MetricSpec(NEG_SIM, "other-class negatives", MetricSpec.Kind.EPOCH_MEAN, CHART),
            new MetricSpec(
                    SPREAD,
                    "spread of the representations (1: random directions, 0: collapsed)",
                    MetricSpec.Kind.EPOCH_MEAN,
                    new MetricSpec.Chart("spread", "spread of the representations per epoch")));

    private ViewSimilarity() {}

    /** The same three similarities measured on the projections (SPCL logs both). */
    public static List<MetricSpec> onProjections() {
        return METRICS.stream()
                .map(m -> new MetricSpec(m.key() + PROJECTION_SUFFIX, m.label() + ", projections", m.kind(), null))
                .toList();
    }

    /**
     * @param r1 representations of the first views (N×C)
     * @param r2 representations of the second views (N×C)
     * @param labels true labels (-1 unknown)
     * @return {@code tp_sim}, and {@code fn_sim}/{@code neg_sim} (same-class / other-class pairs) when labels are known
     */
    public static Map<String, Double> of(Tensor r1, Tensor r2, Tensor labels) {
        Tensor z1 = ModuleState.noGrad(() -> Tensors.l2normalize(r1.detach()));
        float[] sim = ModuleState.noGrad(() ->
                Tensors.toFloats(z1.matmul(Tensors.l2normalize(r2.detach()).t())));
        double meanSquared = 0; // ‖mean z‖²
        for (float m : ModuleState.noGrad(() -> Tensors.toFloats(Tensors.meanKeep(z1, 0)))) meanSquared += m * m;
        // mean ‖z‖²: 1, or less when a representation is all zeros (dead units), which normalising leaves at zero
        double squaredNorm = ModuleState.noGrad(() -> Tensors.item(z1.mul(z1).sum())) / z1.size(0);
        long[] lb = Tensors.toLongs(labels);
        int n = lb.length;
        double tp = 0, fn = 0, neg = 0;
        long fnCount = 0, negCount = 0;
        for (int i = 0; i < n; i++) {
            tp += sim[i * n + i];
            if (lb[i] < 0) continue;
            for (int j = 0; j < n; j++) {
                if (j == i || lb[j] < 0) continue;
                if (lb[j] == lb[i]) {
                    fn += sim[i * n + j];
                    fnCount++;
                } else {
                    neg += sim[i * n + j];
                    negCount++;
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(TP_SIM, tp / n);
        out.put(SPREAD, Math.sqrt(Math.max(0, squaredNorm - meanSquared)));
        if (fnCount > 0) out.put(FN_SIM, fn / fnCount);
        if (negCount > 0) out.put(NEG_SIM, neg / negCount);
        return out;
    }
}
