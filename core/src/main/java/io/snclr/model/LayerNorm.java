package io.snclr.model;

import io.snclr.engine.Device;
import io.snclr.engine.Layers;
import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/** LayerNorm over the last dim with {@code weight} and {@code bias}, eps 1e-6 as in timm's ViTs. */
final class LayerNorm extends Module {
    private final Tensor weight;
    private final Tensor bias;

    LayerNorm(long dim) { // own handles: the parameter dict's references move when it grows
        weight = new Tensor(register_parameter("weight", Tensors.ones(Device.CPU, dim)));
        bias = new Tensor(register_parameter("bias", Tensors.zeros(Device.CPU, dim)));
    }

    Tensor forward(Tensor x) {
        return Layers.layerNorm(x, weight, bias, 1e-6);
    }
}
