package io.snclr.engine;

import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** Batched image operations on N×C×H×W float tensors (any device). */
public final class ImageOps {
    private static final long BILINEAR = 0;
    private static final long PAD_REFLECTION = 2;

    private ImageOps() {}

    /** Samples each image through its own 2×3 affine map of normalised coordinates ({@code theta}: N×2×3). */
    public static Tensor warpAffine(Tensor images, Tensor theta, long outH, long outW) {
        long n = images.size(0), c = images.size(1);
        Tensor grid = torch.affine_grid_generator(theta, new long[] {n, c, outH, outW}, false);
        return torch.grid_sampler(images, grid, BILINEAR, PAD_REFLECTION, false);
    }

    /**
     * Separable Gaussian blur with one sigma per image (sigma 0 leaves the image unchanged), reflect padding,
     * as one grouped convolution over all N·C planes.
     */
    public static Tensor gaussianBlur(Tensor images, Tensor sigma, int kernel) {
        long n = images.size(0), c = images.size(1), h = images.size(2), w = images.size(3);
        int r = kernel / 2;
        Tensor offsets =
                torch.arange(new Scalar(-r), new Scalar(r + 1)).to(images).view(1, kernel);
        Tensor s = sigma.to(images).view(n, 1);
        // sigma 0 → a delta kernel: exp(-x²/2σ²) with 2σ² clamped tiny is 1 at the centre, 0 elsewhere
        Tensor twoSigmaSq = s.mul(s).mul(new Scalar(2)).clamp_min(new Scalar(1e-8));
        Tensor k = offsets.mul(offsets).neg().div(twoSigmaSq).exp();
        k = k.div(k.sum(new long[] {1}, true, new ScalarTypeOptional()));
        Tensor perPlane = k.repeat_interleave(c, new LongOptional(0), new LongOptional()); // (N·C)×kernel
        Tensor kx = perPlane.view(n * c, 1, 1, kernel);
        Tensor ky = perPlane.view(n * c, 1, kernel, 1);
        Tensor planes = images.reshape(1, n * c, h, w);
        Tensor padded = torch.pad(planes, new long[] {r, r, r, r}, "reflect", new DoubleOptional());
        Tensor out = torch.conv2d(
                padded, kx, new TensorOptional(), new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1}, n * c);
        out = torch.conv2d(
                out, ky, new TensorOptional(), new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1}, n * c);
        return out.view(n, c, h, w);
    }
}
