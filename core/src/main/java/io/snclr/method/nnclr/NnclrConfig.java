package io.snclr.method.nnclr;

import io.snclr.method.MethodOptions;

/**
 * NNCLR's own settings; defaults from the NNCLR paper (Dwibedi et al., ICCV 2021, §4): a support set of 98,304 and
 * τ = 0.1.
 *
 * @param queue rows of the support set (FIFO of past projections)
 * @param temperature τ of its InfoNCE loss
 */
public record NnclrConfig(int queue, double temperature) implements MethodOptions {
    public static final NnclrConfig DEFAULT = new NnclrConfig(98_304, 0.1);

    public NnclrConfig {
        if (queue < 1) throw new IllegalArgumentException("--queue must be >= 1, got " + queue);
        if (!(temperature > 0)) throw new IllegalArgumentException("--temperature must be > 0, got " + temperature);
    }
}
