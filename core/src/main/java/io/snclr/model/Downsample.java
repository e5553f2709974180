package io.snclr.model;

import io.snclr.engine.Layers;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/** The 1×1 projection shortcut, named {@code downsample.0} (conv) and {@code downsample.1} (bn) like torchvision. */
final class Downsample extends Module {
    private final Conv2d conv;
    private final BatchNorm2dImpl bn;

    Downsample(long in, long out, long stride) {
        conv = register_module("0", new Conv2d(in, out, 1, stride, 0));
        bn = register_module("1", Layers.batchNorm2d(out));
    }

    BatchNorm2dImpl norm() {
        return bn;
    }

    Tensor forward(Tensor x) {
        return bn.forward(conv.forward(x));
    }
}
