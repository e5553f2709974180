package io.snclr.engine;

import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
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
     * Separable Gaussian blur with one sigma per image (sigma 0 leaves the image unchanged), a kernel of 2·radius + 1
     * taps, reflect padding, as one grouped convolution over all N·C planes. Radius 0 returns the images.
     */
    public static Tensor gaussianBlur(Tensor images, Tensor sigma, int radius) {
        if (radius == 0) return images;
        long n = images.size(0), c = images.size(1), h = images.size(2), w = images.size(3);
        int kernel = 2 * radius + 1;
        Tensor offsets = torch.arange(new Scalar(-radius), new Scalar(radius + 1))
                .to(images)
                .view(1, kernel);
        Tensor s = sigma.to(images).view(n, 1);
        // sigma 0 → a delta kernel: exp(-x²/2σ²) with 2σ² clamped tiny is 1 at the centre, 0 elsewhere
        Tensor twoSigmaSq = s.mul(s).mul(new Scalar(2)).clamp_min(new Scalar(1e-8));
        Tensor k = offsets.mul(offsets).neg().div(twoSigmaSq).exp();
        k = k.div(k.sum(new long[] {1}, true, new ScalarTypeOptional()));
        Tensor perPlane = k.repeat_interleave(c, new LongOptional(0), new LongOptional()); // (N·C)×kernel
        Tensor kx = perPlane.view(n * c, 1, 1, kernel);
        Tensor ky = perPlane.view(n * c, 1, kernel, 1);
        Tensor planes = images.reshape(1, n * c, h, w);
        Tensor padded = torch.pad(planes, new long[] {radius, radius, radius, radius}, "reflect", new DoubleOptional());
        Tensor out = torch.conv2d(
                padded, kx, new TensorOptional(), new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1}, n * c);
        out = torch.conv2d(
                out, ky, new TensorOptional(), new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1}, n * c);
        return out.view(n, c, h, w);
    }

    /**
     * Shifts the hue of N×3×H×W RGB images in [0, 1] by {@code shift} (N fractions of a turn) in HSV space, as
     * torchvision's adjust_hue does: RGB to HSV, the hue moved modulo 1, back to RGB.
     */
    public static Tensor shiftHue(Tensor rgb, Tensor shift) {
        long n = rgb.size(0);
        Tensor r = rgb.select(1, 0), g = rgb.select(1, 1), b = rgb.select(1, 2); // N×H×W
        Tensor maxc = torch.maximum(torch.maximum(r, g), b);
        Tensor minc = torch.minimum(torch.minimum(r, g), b);
        Tensor equal = maxc.eq(minc);
        Tensor ones = torch.ones_like(maxc);
        Tensor chroma = maxc.sub(minc);
        Tensor s = chroma.div(torch.where(equal, ones, maxc));
        Tensor divisor = torch.where(equal, ones, chroma);
        Tensor rc = maxc.sub(r).div(divisor),
                gc = maxc.sub(g).div(divisor),
                bc = maxc.sub(b).div(divisor);
        Tensor isR = maxc.eq(r);
        Tensor isG = maxc.eq(g).logical_and(isR.logical_not());
        Tensor isB = maxc.ne(g).logical_and(isR.logical_not());
        Tensor hue = isR.to(rgb.scalar_type())
                .mul(bc.sub(gc))
                .add(isG.to(rgb.scalar_type()).mul(rc.sub(bc).add(new Scalar(2.0))))
                .add(isB.to(rgb.scalar_type()).mul(gc.sub(rc).add(new Scalar(4.0))))
                .div(new Scalar(6.0));
        hue = hue.add(shift.to(rgb).view(n, 1, 1)).add(new Scalar(1.0)).remainder(new Scalar(1.0));
        // HSV to RGB: sector i of six, fraction f within it
        Tensor h6 = hue.mul(new Scalar(6.0));
        Tensor i = h6.floor();
        Tensor f = h6.sub(i);
        Tensor sector = i.remainder(new Scalar(6.0)).to(torch.ScalarType.Long);
        Tensor v = maxc;
        Tensor p = clamp01(v.mul(s.neg().add(new Scalar(1.0))));
        Tensor q = clamp01(v.mul(s.mul(f).neg().add(new Scalar(1.0))));
        Tensor t = clamp01(v.mul(s.mul(f.neg().add(new Scalar(1.0))).neg().add(new Scalar(1.0))));
        Tensor index = sector.unsqueeze(1);
        Tensor red = pick(index, v, q, p, p, t, v);
        Tensor green = pick(index, t, v, v, q, p, p);
        Tensor blue = pick(index, p, p, t, v, v, q);
        return torch.cat(new TensorVector(red, green, blue), 1);
    }

    /** Per pixel, the {@code index}-th (0..5) of six N×H×W candidates, as N×1×H×W. */
    private static Tensor pick(Tensor index, Tensor... candidates) {
        return torch.stack(new TensorVector(candidates), 1).gather(1, index);
    }

    private static Tensor clamp01(Tensor x) {
        return x.clamp(new ScalarOptional(new Scalar(0.0)), new ScalarOptional(new Scalar(1.0)));
    }
}
