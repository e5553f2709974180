package io.snclr.engine;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** Small tensor helpers so that the rest of the code base needs no JavaCPP types beyond {@link Tensor}. */
public final class Tensors {
    private Tensors() {}

    public static Tensor floats(float[] data, long... shape) {
        return Tensor.create(data, shape);
    }

    public static Tensor longs(long[] data, long... shape) {
        return Tensor.create(data, shape);
    }

    /** uint8 tensor from unsigned bytes. */
    public static Tensor bytes(byte[] data, long... shape) {
        return Tensor.create(data, shape).to(torch.ScalarType.Byte);
    }

    public static Tensor to(Tensor t, Device device) {
        return device.isCpu() ? t : t.to(device.handle(), t.scalar_type());
    }

    /** {@code t} moved to the device of {@code like}, keeping its dtype. */
    public static Tensor onDeviceOf(Tensor t, Tensor like) {
        return t.to(like.device(), t.scalar_type());
    }

    /** Index of the smallest entry along {@code dim} (dropped), int64. */
    public static Tensor argmin(Tensor x, long dim) {
        return x.argmin(new LongOptional(dim), false);
    }

    /** Smallest entry along {@code dim} (dropped). */
    public static Tensor min(Tensor x, long dim) {
        return new Tensor(x.min(dim, false).get0());
    }

    /** Mean binary cross-entropy of logits against 0/1 float targets (the sigmoid inside, numerically stable). */
    public static Tensor bceWithLogits(Tensor logits, Tensor targets) {
        return torch.binary_cross_entropy_with_logits(logits, targets);
    }

    public static float[] toFloats(Tensor t) {
        Tensor c = t.detach().cpu().to(torch.ScalarType.Float).contiguous();
        FloatBuffer b = c.createBuffer();
        float[] out = new float[(int) c.numel()];
        b.get(out);
        return out;
    }

    public static long[] toLongs(Tensor t) {
        Tensor c = t.detach().cpu().to(torch.ScalarType.Long).contiguous();
        LongBuffer b = c.createBuffer();
        long[] out = new long[(int) c.numel()];
        b.get(out);
        return out;
    }

    /** {@code t}'s element type as PyTorch names it: float32, int64, ... */
    public static String dtypeName(Tensor t) {
        String s = t.scalar_type().toString().toLowerCase(java.util.Locale.ROOT);
        return switch (s) {
            case "float" -> "float32";
            case "double" -> "float64";
            case "half" -> "float16";
            case "long" -> "int64";
            case "int" -> "int32";
            case "short" -> "int16";
            case "char" -> "int8";
            case "byte" -> "uint8";
            default -> s;
        };
    }

    /** The bytes of {@code t}'s elements in row-major order (native byte order: little-endian here). */
    public static byte[] rawBytes(Tensor t) {
        Tensor c = t.detach().cpu().contiguous();
        long n = c.numel() * c.element_size();
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("a tensor of over 2 GB");
        byte[] out = new byte[(int) n];
        if (n > 0) new BytePointer(c.data_ptr()).capacity(n).get(out);
        return out;
    }

    public static float item(Tensor t) {
        return t.detach().cpu().to(torch.ScalarType.Float).item_float();
    }

    public static Scalar scalar(double v) {
        return new Scalar(v);
    }

    /** Rows of {@code x} scaled to unit L2 norm (dim 1, or the last dim of a 3-D tensor). */
    public static Tensor l2normalize(Tensor x) {
        long dim = x.ndimension() - 1;
        Tensor norm = x.norm(new ScalarOptional(new Scalar(2.0)), new long[] {dim}, true);
        return x.div(norm.clamp_min(new Scalar(1e-12)));
    }

    public static Tensor cat(long dim, Tensor... parts) {
        return torch.cat(new TensorVector(parts), dim);
    }

    public static Tensor zeros(Device device, long... shape) {
        return to(torch.zeros(shape), device);
    }

    public static Tensor ones(Device device, long... shape) {
        return to(torch.ones(shape), device);
    }

    public static Tensor randn(Device device, long... shape) {
        return to(torch.randn(shape), device);
    }

    public static Tensor arange(Device device, long n) {
        return to(torch.arange(new Scalar(n)), device);
    }

    public static Tensor softmax(Tensor x, long dim) {
        return torch.softmax(x, dim);
    }

    public static Tensor logSoftmax(Tensor x, long dim) {
        return torch.log_softmax(x, dim);
    }

    public static Tensor logsumexp(Tensor x, long dim) {
        return torch.logsumexp(x, new long[] {dim}, false);
    }

    /** Top-k along dim 1: {values, int64 indices}, largest first, sorted. */
    public static Tensor[] topk(Tensor x, long k) {
        var r = x.topk(k, 1, true, true);
        return new Tensor[] {new Tensor(r.get0()), new Tensor(r.get1())};
    }

    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return torch.where(cond, a, b);
    }

    public static Tensor relu(Tensor x) {
        return torch.relu(x);
    }

    /**
     * ReLU written over {@code x} (torchvision's inplace=True): for a fresh activation whose producer does not need it
     * for its backward (a BatchNorm or a sum), saving one allocation and one pass over memory per layer.
     */
    public static Tensor reluInPlace(Tensor x) {
        x.relu_(); // returns a non-owning view of x: hand back x itself, which owns the tensor
        return x;
    }

    /**
     * x += y. For a residual sum whose left side (a BatchNorm's output) nothing saves for the backward pass, as
     * torchvision's {@code out += identity}: one allocation and one pass over memory fewer per block.
     */
    public static Tensor addInPlace(Tensor x, Tensor y) {
        x.add_(y); // a non-owning view of x, as relu_'s
        return x;
    }

    /** Mean of {@code x} over the given dims, which are kept with size 1. */
    public static Tensor meanKeep(Tensor x, long... dims) {
        return x.mean(dims, true, new ScalarTypeOptional());
    }

    /** Sum of {@code x} over the given dims, which are kept with size 1. */
    public static Tensor sumKeep(Tensor x, long... dims) {
        return x.sum(dims, true, new ScalarTypeOptional());
    }

    /** Sum over one dim (dropped). */
    public static Tensor sum(Tensor x, long dim) {
        return x.sum(new long[] {dim}, false, new ScalarTypeOptional());
    }

    /** One-hot float encoding of int64 class indices, a trailing dim of {@code classes}. */
    public static Tensor oneHot(Tensor indices, long classes) {
        return torch.one_hot(indices, classes).to(torch.ScalarType.Float);
    }

    /** Mean cross-entropy of logits (N×C) against int64 class indices (N). */
    public static Tensor crossEntropy(Tensor logits, Tensor targets) {
        return torch.nll_loss(torch.log_softmax(logits, 1), targets);
    }

    public static Tensor eye(long n) {
        return torch.eye(n);
    }

    public static Tensor clamp(Tensor x, double lo, double hi) {
        return x.clamp(new ScalarOptional(new Scalar(lo)), new ScalarOptional(new Scalar(hi)));
    }

    public static Tensor toFloat(Tensor x) {
        return x.to(torch.ScalarType.Float);
    }
}
