package io.snclr.method;

import io.snclr.data.BatchPlan;

/** A built method and the batches it trains on (SPCL brings its own prototype-aware plan). */
public record MethodAssembly(PretrainMethod method, BatchPlan plan) {}
