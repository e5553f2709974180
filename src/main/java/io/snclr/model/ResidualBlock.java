package io.snclr.model;

import org.bytedeco.pytorch.Tensor;

/** A ResNet block: BasicBlock (ResNet-18/34) or Bottleneck (ResNet-50). */
interface ResidualBlock {
    Tensor forward(Tensor x);

    org.bytedeco.pytorch.Module asModule();
}
