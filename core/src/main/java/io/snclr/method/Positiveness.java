package io.snclr.method;

/** How the weights of a sample's own neighbours are set (paper Tab. 4). */
public enum Positiveness {
    /** Eq. 4: softmax over the K neighbours of cos(y1, NN_i)/γ. */
    SOFT,
    /** Every neighbour a full positive (w = 1). */
    BINARY
}
