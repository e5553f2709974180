package io.snclr.model;

import io.snclr.engine.Layers;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import java.util.List;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/** 1×1 → 3×3 (strided, torchvision v1.5) → 1×1 ×4 with a residual connection (torchvision's Bottleneck). */
final class Bottleneck extends Module implements ResidualBlock {
    static final int EXPANSION = 4;

    private final Conv2d conv1;
    private final BatchNorm2dImpl bn1;
    private final Conv2d conv2;
    private final BatchNorm2dImpl bn2;
    private final Conv2d conv3;
    private final BatchNorm2dImpl bn3;
    private final Downsample downsample;

    Bottleneck(long in, long planes, long stride) {
        long out = planes * EXPANSION;
        conv1 = register_module("conv1", new Conv2d(in, planes, 1, 1, 0));
        bn1 = register_module("bn1", Layers.batchNorm2d(planes));
        conv2 = register_module("conv2", new Conv2d(planes, planes, 3, stride, 1));
        bn2 = register_module("bn2", Layers.batchNorm2d(planes));
        conv3 = register_module("conv3", new Conv2d(planes, out, 1, 1, 0));
        bn3 = register_module("bn3", Layers.batchNorm2d(out));
        downsample = (stride != 1 || in != out) ? register_module("downsample", new Downsample(in, out, stride)) : null;
    }

    @Override
    public List<Module> norms() {
        return downsample == null ? List.of(bn1, bn2, bn3) : List.of(bn1, bn2, bn3, downsample.norm());
    }

    @Override
    public BatchNorm2dImpl lastNorm() {
        return bn3;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Scope.layer(() -> {
            Tensor y = Tensors.reluInPlace(bn1.forward(conv1.forward(x)));
            y = Tensors.reluInPlace(bn2.forward(conv2.forward(y)));
            y = bn3.forward(conv3.forward(y));
            Tensor identity = downsample == null ? x : downsample.forward(x);
            return Tensors.reluInPlace(Tensors.addInPlace(y, identity));
        });
    }

    @Override
    public Module asModule() {
        return this;
    }
}
