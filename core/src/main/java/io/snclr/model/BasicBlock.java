package io.snclr.model;

import io.snclr.engine.Layers;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import java.util.List;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/** Two 3×3 convolutions with a residual connection (torchvision's BasicBlock, expansion 1). */
final class BasicBlock extends Module implements ResidualBlock {
    static final int EXPANSION = 1;

    private final Conv2d conv1;
    private final BatchNorm2dImpl bn1;
    private final Conv2d conv2;
    private final BatchNorm2dImpl bn2;
    private final Downsample downsample;

    BasicBlock(long in, long planes, long stride) {
        conv1 = register_module("conv1", new Conv2d(in, planes, 3, stride, 1));
        bn1 = register_module("bn1", Layers.batchNorm2d(planes));
        conv2 = register_module("conv2", new Conv2d(planes, planes, 3, 1, 1));
        bn2 = register_module("bn2", Layers.batchNorm2d(planes));
        downsample = (stride != 1 || in != planes)
                ? register_module("downsample", new Downsample(in, planes, stride))
                : null;
    }

    @Override
    public List<Module> norms() {
        return downsample == null ? List.of(bn1, bn2) : List.of(bn1, bn2, downsample.norm());
    }

    @Override
    public BatchNorm2dImpl lastNorm() {
        return bn2;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Scope.layer(() -> {
            Tensor out = Tensors.reluInPlace(bn1.forward(conv1.forward(x)));
            out = bn2.forward(conv2.forward(out));
            Tensor identity = downsample == null ? x : downsample.forward(x);
            return Tensors.reluInPlace(Tensors.addInPlace(out, identity));
        });
    }

    @Override
    public Module asModule() {
        return this;
    }
}
