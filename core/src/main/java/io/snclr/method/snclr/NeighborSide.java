package io.snclr.method.snclr;

/** Where neighbours take part in the loss (paper Tab. 7). */
public enum NeighborSide {
    /** Own neighbours are soft positives, other samples' neighbours are extra negatives. */
    BOTH,
    /** Own neighbours are soft positives; negatives are the other samples' keys only. */
    POSITIVE,
    /** Other samples' neighbours are extra negatives; own neighbours are left out. */
    NEGATIVE
}
