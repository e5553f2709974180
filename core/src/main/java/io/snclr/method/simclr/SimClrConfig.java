package io.snclr.method.simclr;

import io.snclr.method.MethodOptions;

/** SimCLR's own setting: the NT-Xent temperature τ (0.1: google-research/simclr README, the ResNet-50 ImageNet command). */
public record SimClrConfig(double temperature) implements MethodOptions {
    public static final SimClrConfig DEFAULT = new SimClrConfig(0.1);

    public SimClrConfig {
        if (!(temperature > 0)) throw new IllegalArgumentException("--temperature must be > 0, got " + temperature);
    }
}
