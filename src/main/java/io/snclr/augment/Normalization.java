package io.snclr.augment;

import io.snclr.data.ImageSet;

/** Per-channel mean and standard deviation of pixel values in [0, 1]. */
public record Normalization(float[] mean, float[] std) {

    /** Statistics of the data itself, so that grayscale and colour sets need no hand-typed constants. */
    public static Normalization of(ImageSet set) {
        int c = set.channels(), plane = set.height() * set.width();
        double[] sum = new double[c], sq = new double[c];
        byte[] px = set.pixels();
        for (int i = 0; i < set.size(); i++) {
            int base = i * c * plane;
            for (int ch = 0; ch < c; ch++) {
                int o = base + ch * plane;
                for (int p = 0; p < plane; p++) {
                    double v = (px[o + p] & 0xff) / 255.0;
                    sum[ch] += v;
                    sq[ch] += v * v;
                }
            }
        }
        float[] mean = new float[c], std = new float[c];
        double count = (double) set.size() * plane;
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / count;
            mean[ch] = (float) m;
            std[ch] = (float) Math.sqrt(Math.max(sq[ch] / count - m * m, 1e-12));
        }
        return new Normalization(mean, std);
    }
}
