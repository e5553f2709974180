package io.snclr.train;

import io.snclr.engine.NativeOptim;
import io.snclr.engine.Optim;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/** The optimisers a run can train with. */
public enum OptimizerKind {
    /** AdamW (β = 0.9, 0.999): the ViT recipes, and the CPU-sized runs. */
    ADAMW,
    /** LARS with SGD momentum 0.9, trust coefficient 0.001, no decay or adaptation on 1-D parameters: ResNet-50. */
    LARS,
    /** SGD with momentum 0.9: the linear probe and fine-tuning. */
    SGD;

    public Optim create(List<Tensor> params, double weightDecay) {
        return switch (this) {
            case ADAMW -> NativeOptim.adamw(params, weightDecay);
            case LARS -> new Lars(params, weightDecay, 0.9, 0.001);
            case SGD -> NativeOptim.sgd(params, 0.9, weightDecay);
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
