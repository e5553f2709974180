package io.snclr.engine;

import org.bytedeco.pytorch.BatchNorm1dImpl;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.LinearOptions;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** Factories and functional forms of the native layers the models use. */
public final class Layers {
    private Layers() {}

    public static BatchNorm2dImpl batchNorm2d(long channels) {
        return new BatchNorm2dImpl(new BatchNormOptions(channels));
    }

    public static BatchNorm1dImpl batchNorm1d(long features, boolean affine) {
        BatchNormOptions o = new BatchNormOptions(features);
        o.affine().put(affine);
        return new BatchNorm1dImpl(o);
    }

    public static LinearImpl linear(long in, long out, boolean bias) {
        LinearOptions o = new LinearOptions(in, out);
        o.bias().put(bias);
        return new LinearImpl(o);
    }

    /** Kaiming-normal conv weight (fan-out, ReLU), torchvision's ResNet initialisation. */
    public static Tensor convWeight(long out, long in, long k) {
        double std = Math.sqrt(2.0 / (out * k * k));
        return torch.randn(out, in, k, k).mul(new Scalar(std));
    }

    public static Tensor conv2d(Tensor x, Tensor weight, long stride, long padding) {
        return torch.conv2d(x, weight, new TensorOptional(), new long[] {stride, stride}, new long[] {padding, padding},
                new long[] {1, 1}, 1);
    }

    public static Tensor maxPool3x3s2(Tensor x) {
        return torch.max_pool2d(x, new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1}, new long[] {1, 1}, false);
    }

    /** Global average pool to N×C. */
    public static Tensor globalAvgPool(Tensor x) {
        return x.mean(new long[] {2, 3}, false, new org.bytedeco.pytorch.ScalarTypeOptional());
    }
}
