package io.snclr.engine;

import org.bytedeco.pytorch.BatchNorm1dImpl;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.LinearOptions;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** Factories and functional forms of the native layers the models use. */
public final class Layers {
    private Layers() {}

    public static BatchNorm2dImpl batchNorm2d(long channels) {
        return new SyncBatchNorm.Norm2d(new BatchNormOptions(channels));
    }

    public static BatchNorm1dImpl batchNorm1d(long features, boolean affine) {
        BatchNormOptions o = new BatchNormOptions(features);
        o.affine().put(affine);
        return new SyncBatchNorm.Norm1d(o);
    }

    public static LinearImpl linear(long in, long out, boolean bias) {
        LinearOptions o = new LinearOptions(in, out);
        o.bias().put(bias);
        return new LinearImpl(o);
    }

    /**
     * The layer's x·Wᵀ + b as ATen's {@code linear}. {@code LinearImpl.forward} (the C++ frontend) multiplies by a
     * transposed view of the weight and adds the bias apart: under autocast a view's bf16 cast is made again for every
     * forward pass, where a weight's own cast is made once per region ({@link Autocast}) as in PyTorch.
     */
    public static Tensor linear(LinearImpl layer, Tensor x) {
        return torch.linear(
                x, layer.weight(), layer.bias().defined() ? new TensorOptional(layer.bias()) : new TensorOptional());
    }

    /** A linear layer whose weight is drawn from N(0, std²) and bias set to 0 (MoCo v3's linear-probe head). */
    public static LinearImpl linearNormal(long in, long out, double std) {
        LinearImpl l = linear(in, out, true);
        try (NoGradGuard g = new NoGradGuard()) {
            l.weight().normal_(0, std, new GeneratorOptional());
            l.bias().zero_();
        }
        return l;
    }

    /** Kaiming-normal conv weight (fan-out, ReLU), torchvision's ResNet initialisation. */
    public static Tensor convWeight(long out, long in, long k) {
        double std = Math.sqrt(2.0 / (out * k * k));
        return torch.randn(out, in, k, k).mul(new Scalar(std));
    }

    public static Tensor conv2d(Tensor x, Tensor weight, long stride, long padding) {
        return torch.conv2d(
                x,
                weight,
                new TensorOptional(),
                new long[] {stride, stride},
                new long[] {padding, padding},
                new long[] {1, 1},
                1);
    }

    /** Convolution with a bias and stride = kernel: a ViT's patch embedding. */
    public static Tensor patchConv(Tensor x, Tensor weight, Tensor bias, long patch) {
        return torch.conv2d(
                x,
                weight,
                new TensorOptional(bias),
                new long[] {patch, patch},
                new long[] {0, 0},
                new long[] {1, 1},
                1);
    }

    /** Layer normalisation over the last dim. */
    public static Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        return torch.layer_norm(
                x, new long[] {x.size(-1)}, new TensorOptional(weight), new TensorOptional(bias), eps, true);
    }

    public static Tensor gelu(Tensor x) {
        return torch.gelu(x);
    }

    /**
     * softmax(q·kᵀ/√d)·v over the last two dims (B×H×N×d): libtorch's fused kernel, except under bf16 autocast on a
     * CPU, where that kernel issues one small oneDNN product per 32 keys of every head (~28,000 a ViT-S/16 step,
     * 1.5× the fp32 step's time): there the two batched products around a softmax that keeps its bf16 input's type,
     * as PyTorch's CPU autocast runs it; an fp32 softmax keeps each attention matrix
     * in fp32 and in bf16 until the backward pass, three times the memory (+400 MB peak in a ViT-S/16 step at batch 8).
     */
    public static Tensor attention(Tensor q, Tensor k, Tensor v) {
        if (q.is_cuda() || !torch.is_autocast_enabled(torch.DeviceType.CPU))
            return torch.scaled_dot_product_attention(q, k, v);
        Tensor scores = q.matmul(k.transpose(-2, -1)).mul(new Scalar(1.0 / Math.sqrt(q.size(-1))));
        return scores.softmax(-1).matmul(v);
    }

    /** Normal(0, std) truncated to ±2·std (tails redrawn), as timm initialises ViT weights. */
    public static Tensor truncNormal(double std, long... shape) {
        Tensor t = torch.randn(shape);
        for (int round = 0; round < 20; round++) { // 4.6 % of draws fall outside per round
            Tensor outside = t.abs().gt(new Scalar(2.0));
            if (!outside.any().item_bool()) break;
            t = torch.where(outside, torch.randn(shape), t);
        }
        return t.clamp(new ScalarOptional(new Scalar(-2.0)), new ScalarOptional(new Scalar(2.0)))
                .mul(new Scalar(std));
    }

    /** Xavier-uniform on the flattened kernel, MoCo v3's patch-embedding initialisation. */
    public static Tensor xavierUniform(long out, long fanIn, long... shape) {
        double bound = Math.sqrt(6.0 / (fanIn + out));
        return torch.rand(shape).mul(new Scalar(2 * bound)).sub(new Scalar(bound));
    }

    public static Tensor maxPool3x3s2(Tensor x) {
        return torch.max_pool2d(x, new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1}, new long[] {1, 1}, false);
    }

    /**
     * N×C×H×W in channels-last (NHWC) order: oneDNN's convolutions run faster on it than on NCHW (CIFAR-stem
     * ResNet-18 at batch 128, when it was adopted: forward 1.25 → 0.84 s, backward 2.5 → 2.2 s); the weights stay
     * NCHW, so checkpoints, exports and the optimizer state are unchanged.
     */
    public static Tensor channelsLast(Tensor x) {
        return x.contiguous(torch.MemoryFormat.ChannelsLast);
    }

    /** N×C×H×W in the default (NCHW) order. */
    public static Tensor channelsFirst(Tensor x) {
        return x.contiguous();
    }

    /** Global average pool to N×C. */
    public static Tensor globalAvgPool(Tensor x) {
        return x.mean(new long[] {2, 3}, false, new ScalarTypeOptional());
    }
}
