package io.snclr.eval;

/** kNN accuracy (fractions in [0, 1]) and the settings that produced it. */
public record KnnResult(double top1, double top5, int k, double temperature, int trainSize, int testSize) {}
