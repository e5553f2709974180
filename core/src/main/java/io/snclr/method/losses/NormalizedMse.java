package io.snclr.method.losses;

import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;

/** BYOL's regression loss (Grill et al. 2020): ‖normalize(p) − normalize(z)‖² = 2 − 2·cos(p, z), batch mean. */
public final class NormalizedMse {
    private NormalizedMse() {}

    public static Tensor loss(Tensor predictions, Tensor targets) {
        Tensor cos = Tensors.sum(Tensors.l2normalize(predictions).mul(Tensors.l2normalize(targets.detach())), 1);
        return cos.mean().mul(Tensors.scalar(-2)).add(Tensors.scalar(2));
    }
}
