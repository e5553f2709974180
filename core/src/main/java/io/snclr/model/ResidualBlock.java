package io.snclr.model;

import java.util.List;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Tensor;

/** A ResNet block: BasicBlock (ResNet-18/34) or Bottleneck (ResNet-50). */
interface ResidualBlock {
    Tensor forward(Tensor x);

    org.bytedeco.pytorch.Module asModule();

    /** The BatchNorm before the residual sum: zero-initialising its γ makes the block start as the identity. */
    BatchNorm2dImpl lastNorm();

    /** Every BatchNorm of the block, the shortcut's included. */
    List<org.bytedeco.pytorch.Module> norms();
}
