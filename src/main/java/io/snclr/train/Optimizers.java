package io.snclr.train;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/** Optimisers by name. */
public final class Optimizers {
    private Optimizers() {}

    public static Optim create(String name, List<Tensor> params, double weightDecay) {
        return switch (name) {
            case "adamw" -> NativeOptim.adamw(params, weightDecay);
            case "lars" -> new Lars(params, weightDecay, 0.9, 0.001);
            case "sgd" -> NativeOptim.sgd(params, 0.9, weightDecay);
            default -> throw new IllegalArgumentException("--optimizer: expected adamw, lars or sgd, got '" + name + "'");
        };
    }
}
