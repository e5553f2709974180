package io.snclr.train;

import io.snclr.method.MetricSpec;
import io.snclr.method.PretrainMethod;
import io.snclr.rundir.Metric;
import io.snclr.rundir.MetricsLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What happens at the edges of an epoch besides checkpoints: the method's preparation, epoch means, the hook. */
final class EpochLog {
    private static final Logger LOG = LoggerFactory.getLogger(EpochLog.class);

    private final PretrainMethod method;
    private final EpochHook hook;

    EpochLog(PretrainMethod method, EpochHook hook) {
        this.method = method;
        this.hook = hook;
    }

    /** The method's per-epoch preparation (SPCL clusters the data set here); what it reports is logged. */
    void started(int epoch, MetricsLog log) {
        Map<String, Double> prepared = method.beforeEpoch(epoch);
        method.train(true);
        if (prepared.isEmpty()) return;
        if (log != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put(Metric.EPOCH_START, epoch);
            r.putAll(prepared);
            log.write(r);
        }
        LOG.info("epoch {} prepared: {}", epoch, rounded(prepared));
    }

    /** Logs the epoch's means of the method's diagnostics and what the hook (kNN) measured. */
    void ended(int epoch, MetricsLog log, List<Map<String, Double>> epochRecords) {
        Map<String, Double> extra = new LinkedHashMap<>(epochMeans(epochRecords));
        extra.putAll(hook.afterEpoch(epoch, method));
        method.train(true);
        if (log != null && !extra.isEmpty()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put(Metric.EPOCH_END, epoch);
            r.putAll(extra);
            log.write(r);
        }
        if (!extra.isEmpty()) LOG.info("epoch {}: {}", epoch, rounded(extra));
    }

    /** Epoch means of the diagnostics the method declares as curves over epochs (what result records keep). */
    private Map<String, Double> epochMeans(List<Map<String, Double>> records) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (MetricSpec m : method.metrics()) {
            if (!m.averagedPerEpoch()) continue;
            records.stream()
                    .filter(r -> r.containsKey(m.key()))
                    .mapToDouble(r -> r.get(m.key()))
                    .average()
                    .ifPresent(mean -> out.put(m.key(), mean));
        }
        return out;
    }

    /** "tp_sim 0.836, fn_sim 0.782": four significant digits, for a log line people read. */
    static String rounded(Map<String, Double> values) {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ")
                .append(k)
                .append(' ')
                .append(v == null ? "-" : String.format(java.util.Locale.ROOT, "%.4g", v)));
        return b.toString();
    }
}
