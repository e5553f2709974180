package io.snclr.train;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/** Optimisers by name. */
public final class Optimizers {
    private Optimizers() {}

    public static Optim create(String name, List<Tensor> params, double weightDecay) {
        return switch (name) {
            case "adamw" -> new AdamWOptim(params, weightDecay);
            case "lars" -> new Lars(params, weightDecay, 0.9, 0.001);
            default -> throw new IllegalArgumentException("--optimizer: expected adamw or lars, got '" + name + "'");
        };
    }
}
