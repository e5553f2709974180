package io.snclr.method.mocov3;

import io.snclr.method.MethodOptions;
import io.snclr.method.MocoV3Recipe;

/**
 * MoCo v3's own setting: the temperature T of its InfoNCE loss (×2T, symmetric).
 *
 * @param temperature null = its recipe for the backbone: 1.0 for ResNets, 0.2 for ViTs
 */
public record MocoV3Config(Double temperature) implements MethodOptions {
    public static final MocoV3Config DEFAULT = new MocoV3Config(null);

    @Override
    public MocoV3Config resolvedFor(boolean transformer) {
        return new MocoV3Config(temperature != null ? temperature : MocoV3Recipe.temperature(transformer));
    }

    public MocoV3Config {
        if (temperature != null && !(temperature > 0 && temperature < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("--temperature must be > 0, got " + temperature);
        }
    }
}
