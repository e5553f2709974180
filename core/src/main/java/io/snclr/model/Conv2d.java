package io.snclr.model;

import io.snclr.engine.Layers;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/** Bias-free 2-D convolution with a single parameter named {@code weight}, as in torchvision's ResNets. */
final class Conv2d extends Module {
    private final Tensor weight;
    private final long stride;
    private final long padding;
    /**
     * oneDNN's AVX2 kernel for the weight gradient of a strided 1×1 convolution on channels-last input corrupts the
     * heap (libtorch 2.x) or hangs (PyTorch 1.13) with 2, 3, 4 or 6 input channels; such narrow ones run in NCHW.
     */
    private final boolean channelsFirst;

    Conv2d(long in, long out, long kernel, long stride, long padding) {
        this.weight = new Tensor(register_parameter("weight", Layers.convWeight(out, in, kernel)));
        this.stride = stride;
        this.padding = padding;
        this.channelsFirst = kernel == 1 && stride != 1 && in < 8;
    }

    Tensor forward(Tensor x) {
        return Layers.conv2d(channelsFirst ? Layers.channelsFirst(x) : x, weight, stride, padding);
    }
}
