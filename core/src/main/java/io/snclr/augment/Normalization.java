package io.snclr.augment;

import io.snclr.data.ImageSet;
import java.util.Arrays;

/** Per-channel mean and standard deviation of pixel values in [0, 1]. */
public record Normalization(float[] mean, float[] std) {

    /** Images a streamed set's statistics are estimated from (evenly spaced): decoding all would be a whole epoch. */
    static final int STREAMED_SAMPLE = 2000;

    /**
     * Statistics of the data itself, so that grayscale and colour sets need no hand-typed constants: of every image
     * held in memory, of {@link #STREAMED_SAMPLE} evenly spaced ones of a streamed set.
     */
    public static Normalization of(ImageSet set) {
        int c = set.channels(), plane = set.height() * set.width();
        double[] sum = new double[c], sq = new double[c];
        int n = set.streamed() == null ? set.size() : Math.min(set.size(), STREAMED_SAMPLE);
        int[] which = new int[n];
        for (int j = 0; j < n; j++) which[j] = (int) ((long) j * set.size() / n);
        int chunk = 256;
        for (int from = 0; from < n; from += chunk) {
            byte[] px = set.gather(Arrays.copyOfRange(which, from, Math.min(n, from + chunk)));
            accumulate(px, px.length / (c * plane), c, plane, sum, sq);
        }
        float[] mean = new float[c], std = new float[c];
        double count = (double) n * plane;
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / count;
            mean[ch] = (float) m;
            std[ch] = (float) Math.sqrt(Math.max(sq[ch] / count - m * m, 1e-12));
        }
        return new Normalization(mean, std);
    }

    private static void accumulate(byte[] px, int images, int c, int plane, double[] sum, double[] sq) {
        for (int i = 0; i < images; i++) {
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
    }
}
