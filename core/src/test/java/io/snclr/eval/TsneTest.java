package io.snclr.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.engine.Tensors;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TsneTest extends TorchTest {
    /** Five Gaussian blobs in 20-D: in the 2-D map, a point's 5 nearest points share its blob. */
    @Test
    void separatedClustersStaySeparatedInTheMap() {
        int n = 300, d = 20, blobs = 5;
        float[] x = new float[n * d];
        int[] label = new int[n];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            label[i] = i % blobs;
            for (int k = 0; k < d; k++) x[i * d + k] = (k == label[i] ? 6f : 0f) + (float) rng.nextGaussian();
        }
        long t0 = System.nanoTime();
        float[] y = new Tsne(20, 500, 1).embed(Tensors.floats(x, n, d));
        System.out.printf("t-SNE of %d points: %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        int agree = 0;
        for (int i = 0; i < n; i++) {
            double[] dist = new double[n];
            for (int j = 0; j < n; j++) {
                double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                dist[j] = j == i ? Double.MAX_VALUE : dx * dx + dy * dy;
            }
            Integer[] order = IntStream.range(0, n)
                    .boxed()
                    .sorted((a, b) -> Double.compare(dist[a], dist[b]))
                    .toArray(Integer[]::new);
            for (int j = 0; j < 5; j++) if (label[order[j]] == label[i]) agree++;
        }
        double purity = agree / (5.0 * n);
        assertTrue(purity > 0.97, "5-NN purity in the map " + purity);
        assertArrayEquals(y, new Tsne(20, 500, 1).embed(Tensors.floats(x, n, d)), 1e-4f, "seeded: the same map twice");
    }
}
