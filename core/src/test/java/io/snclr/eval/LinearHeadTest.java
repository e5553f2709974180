package io.snclr.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.engine.Device;
import io.snclr.engine.Tensors;
import java.util.Random;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** The supervised loop on features with a known answer: linearly separable clusters, and the kNN vote. */
class LinearHeadTest extends TorchTest {
    private static Tensor clusters(int n, int classes, int dim, int[] labels, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * dim];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            for (int d = 0; d < dim; d++) x[i * dim + d] = (float) (r.nextGaussian() * 0.3 + (d == labels[i] ? 3 : 0));
        }
        return Tensors.floats(x, n, dim);
    }

    @Test
    void linearProbeSeparatesSeparableClusters() {
        int[] trainLabels = new int[600], testLabels = new int[300];
        Tensor train = clusters(600, 5, 8, trainLabels, 1), test = clusters(300, 5, 8, testLabels, 2);
        SupervisedResult r = SupervisedTraining.run(
                new Classifier(null, false, 8, 5, Device.CPU),
                new FeatureSource(train, trainLabels),
                new FeatureSource(test, testLabels),
                new SupervisedConfig(10, 64, 0.1, 0, 0),
                Device.CPU);
        assertTrue(r.top1() > 0.98, "top-1 " + r.top1());
        assertEquals(1.0, r.top5(), 1e-9);
    }

    @Test
    void knnVoteFindsTheNearestClass() {
        int[] trainLabels = new int[500], testLabels = new int[100];
        Tensor train = Tensors.l2normalize(clusters(500, 5, 8, trainLabels, 3));
        Tensor test = Tensors.l2normalize(clusters(100, 5, 8, testLabels, 4));
        KnnResult r = new KnnClassifier(20, 0.07, 32).evaluate(train, trainLabels, test, testLabels, 5);
        assertTrue(r.top1() > 0.98, "top-1 " + r.top1());
    }
}
