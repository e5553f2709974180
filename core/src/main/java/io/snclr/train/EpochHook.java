package io.snclr.train;

import io.snclr.method.PretrainMethod;
import java.util.Map;

/** Runs after an epoch (e.g. the kNN monitor); what it returns is logged with the epoch's metrics. */
@FunctionalInterface
public interface EpochHook {
    Map<String, Double> afterEpoch(int epoch, PretrainMethod method);

    EpochHook NONE = (epoch, method) -> Map.of();
}
