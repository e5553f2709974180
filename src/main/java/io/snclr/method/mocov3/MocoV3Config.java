package io.snclr.method.mocov3;

import io.snclr.method.MethodOptions;

/** MoCo v3's own setting: the temperature T of its InfoNCE loss (×2T, symmetric). */
public record MocoV3Config(double temperature) implements MethodOptions {
    public static final MocoV3Config DEFAULT = new MocoV3Config(0.2);

    public MocoV3Config {
        if (!(temperature > 0)) throw new IllegalArgumentException("--temperature must be > 0, got " + temperature);
    }
}
