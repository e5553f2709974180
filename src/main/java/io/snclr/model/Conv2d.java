package io.snclr.model;

import io.snclr.engine.Layers;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/** Bias-free 2-D convolution with a single parameter named {@code weight}, as in torchvision's ResNets. */
final class Conv2d extends Module {
    private final Tensor weight;
    private final long stride;
    private final long padding;

    Conv2d(long in, long out, long kernel, long stride, long padding) {
        this.weight = new Tensor(register_parameter("weight", Layers.convWeight(out, in, kernel)));
        this.stride = stride;
        this.padding = padding;
    }

    Tensor forward(Tensor x) {
        return Layers.conv2d(x, weight, stride, padding);
    }
}
