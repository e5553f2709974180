package io.snclr.augment;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The random draws of one view for a batch, one entry per image. Drawn in Java from a seeded generator, so a view
 * depends only on (seed, step, view) and not on the device or thread that applies it. Images for which a
 * transform is not applied get its identity parameters, so the batched ops need no masks.
 */
record ViewParams(
        float[] theta,
        float[] brightness,
        float[] contrast,
        float[] saturation,
        float[] hue,
        float[] grayscale,
        float[] blurSigma,
        float[] solarize,
        int[] jitterOrder) {
    /** The colour jitter's parts, in the order {@code jitterOrder} names them (torchvision's fn_idx). */
    static final int BRIGHTNESS = 0, CONTRAST = 1, SATURATION = 2, HUE = 3;

    static ViewParams draw(ViewConfig c, int n, SplittableRandom rng) {
        float[] theta = new float[n * 6];
        float[] b = new float[n], ct = new float[n], s = new float[n], h = new float[n];
        float[] g = new float[n], sigma = new float[n], sol = new float[n];
        int[] order = new int[n * 4];
        for (int i = 0; i < n; i++) {
            crop(c, rng, theta, i);
            boolean jitter = rng.nextDouble() < c.jitterP();
            permutation(jitter ? rng : null, order, i * 4);
            b[i] = jitter ? (float) uniform(rng, Math.max(0, 1 - c.brightness()), 1 + c.brightness()) : 1f;
            ct[i] = jitter ? (float) uniform(rng, Math.max(0, 1 - c.contrast()), 1 + c.contrast()) : 1f;
            s[i] = jitter ? (float) uniform(rng, Math.max(0, 1 - c.saturation()), 1 + c.saturation()) : 1f;
            h[i] = jitter ? (float) uniform(rng, -c.hue(), c.hue()) : 0f;
            g[i] = rng.nextDouble() < c.grayscaleP() ? 1f : 0f;
            sigma[i] = rng.nextDouble() < c.blurP() ? (float) uniform(rng, c.blurSigmaMin(), c.blurSigmaMax()) : 0f;
            sol[i] = rng.nextDouble() < c.solarizeP() ? 1f : 0f;
        }
        return new ViewParams(theta, b, ct, s, h, g, sigma, sol, order);
    }

    /** A random order of the four jitter parts at {@code out[at..at+4]} (the identity order without {@code rng}). */
    private static void permutation(SplittableRandom rng, int[] out, int at) {
        for (int j = 0; j < 4; j++) out[at + j] = j;
        if (rng == null) return;
        for (int j = 3; j > 0; j--) {
            int k = rng.nextInt(j + 1), t = out[at + j];
            out[at + j] = out[at + k];
            out[at + k] = t;
        }
    }

    /** The draws of images {@code from .. from + n} (one rank's share of a global batch). */
    ViewParams slice(int from, int n) {
        if (from == 0 && n == brightness.length) return this;
        return new ViewParams(
                Arrays.copyOfRange(theta, from * 6, (from + n) * 6),
                part(brightness, from, n),
                part(contrast, from, n),
                part(saturation, from, n),
                part(hue, from, n),
                part(grayscale, from, n),
                part(blurSigma, from, n),
                part(solarize, from, n),
                Arrays.copyOfRange(jitterOrder, from * 4, (from + n) * 4));
    }

    private static float[] part(float[] a, int from, int n) {
        return Arrays.copyOfRange(a, from, from + n);
    }

    /**
     * RandomResizedCrop + horizontal flip as an affine map of normalised coordinates (torchvision's sampling:
     * 10 tries of area scale and log-uniform aspect ratio, then the whole image).
     */
    private static void crop(ViewConfig c, SplittableRandom rng, float[] theta, int i) {
        double w = 1, h = 1, cx = 0, cy = 0;
        for (int attempt = 0; attempt < 10; attempt++) {
            double area = uniform(rng, c.cropScaleMin(), c.cropScaleMax());
            double ratio = Math.exp(uniform(rng, Math.log(c.ratioMin()), Math.log(c.ratioMax())));
            double cw = Math.sqrt(area * ratio), ch = Math.sqrt(area / ratio);
            if (cw <= 1 && ch <= 1) {
                w = cw;
                h = ch;
                cx = uniform(rng, -(1 - w), 1 - w);
                cy = uniform(rng, -(1 - h), 1 - h);
                break;
            }
        }
        double flip = rng.nextDouble() < c.flipP() ? -1 : 1;
        int o = i * 6;
        theta[o] = (float) (w * flip);
        theta[o + 1] = 0;
        theta[o + 2] = (float) cx;
        theta[o + 3] = 0;
        theta[o + 4] = (float) h;
        theta[o + 5] = (float) cy;
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }
}
