package io.snclr.train;

import io.snclr.engine.NativeOptim;
import io.snclr.engine.Optim;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/** Optimisers by name. */
public final class Optimizers {
    public static final List<String> NAMES = List.of("adamw", "lars", "sgd");

    private Optimizers() {}

    public static void requireKnown(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("--optimizer: expected one of " + NAMES + ", got '" + name + "'");
        }
    }

    public static Optim create(String name, List<Tensor> params, double weightDecay) {
        return switch (name) {
            case "adamw" -> NativeOptim.adamw(params, weightDecay);
            case "lars" -> new Lars(params, weightDecay, 0.9, 0.001);
            case "sgd" -> NativeOptim.sgd(params, 0.9, weightDecay);
            default ->
                throw new IllegalArgumentException("--optimizer: expected adamw, lars or sgd, got '" + name + "'");
        };
    }
}
