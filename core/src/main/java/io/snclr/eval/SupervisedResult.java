package io.snclr.eval;

/** Test accuracy (fractions) of a supervised run, with its sizes and wall time. */
public record SupervisedResult(double top1, double top5, int trainSize, int testSize, double seconds) {}
