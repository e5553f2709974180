package io.snclr.method;

import io.snclr.engine.ModuleState;
import io.snclr.engine.Tensors;
import io.snclr.rundir.Metric;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * The false-negative diagnostic of SPCL (Fig. 2b, Tab. 2), shared by every method so the two papers' claims can be
 * compared: cosine similarity of each anchor's representation to its own other view (true positive) and to the other
 * view of in-batch samples of the same true class (false negatives of instance discrimination). The representation
 * is the backbone output, the same for every method.
 */
public final class ViewSimilarity {
    private ViewSimilarity() {}

    /**
     * @param r1 representations of the first views (N×C)
     * @param r2 representations of the second views (N×C)
     * @param labels true labels (-1 unknown)
     * @return {@code tp_sim}, and {@code fn_sim}/{@code neg_sim} (same-class / other-class pairs) when labels are known
     */
    public static Map<String, Double> of(Tensor r1, Tensor r2, Tensor labels) {
        float[] sim = ModuleState.noGrad(() -> Tensors.toFloats(Tensors.l2normalize(r1.detach())
                .matmul(Tensors.l2normalize(r2.detach()).t())));
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
        out.put(Metric.TP_SIM, tp / n);
        if (fnCount > 0) out.put(Metric.FN_SIM, fn / fnCount);
        if (negCount > 0) out.put(Metric.NEG_SIM, neg / negCount);
        return out;
    }
}
