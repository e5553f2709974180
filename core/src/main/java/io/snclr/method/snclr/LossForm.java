package io.snclr.method.snclr;

/** The two ways of turning soft positives into a loss. */
public enum LossForm {
    /** Reference code: cross-entropy against soft targets, Σ_m −target_m · log softmax_m. */
    SOFT,
    /** Eq. 2 literally: −log(Σ_i w_i·exp(s_i/T) / Σ_all exp(s/T)). */
    PAPER
}
