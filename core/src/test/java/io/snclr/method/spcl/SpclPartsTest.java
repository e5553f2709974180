package io.snclr.method.spcl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.engine.Device;
import io.snclr.engine.Layers;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Tensors;
import io.snclr.method.HeadConfig;
import io.snclr.method.OnlineNetworks;
import io.snclr.model.EncoderSpec;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class SpclPartsTest extends TorchTest {
    /** Four tight, far-apart blobs of different sizes in 8-D: k-means must return exactly the blobs. */
    @Test
    void kMeansRecoversSeparatedClustersExactly() {
        int[] sizes = {40, 25, 60, 15};
        int n = 140, d = 8;
        float[] x = new float[n * d];
        int[] truth = new int[n];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0, c = 0, left = sizes[0]; i < n; i++, left--) {
            if (left == 0) left = sizes[++c];
            truth[i] = c;
            for (int k = 0; k < d; k++) x[i * d + k] = (k == c ? 10f : 0f) + (float) (rng.nextGaussian() * 0.05);
        }
        for (long seed = 0; seed < 5; seed++) {
            KMeans.Result r = new KMeans(4, 30).fit(Tensors.floats(x, n, d), new SplittableRandom(seed));
            ClusterQuality q = ClusterQuality.of(r.assignments(), truth);
            assertEquals(1.0, q.purity(), 1e-12, "seed " + seed);
            assertEquals(1.0, q.nmi(), 1e-9, "seed " + seed);
            assertEquals(4, new HashSet<>(Arrays.stream(r.assignments()).boxed().toList()).size());
        }
    }

    /** A centroid far from every point gets no points: it must be re-seeded and every prototype stays in use. */
    @Test
    void kMeansReseedsAnEmptyCluster() {
        float[] x = {0, 0, 0.1f, 0, 0, 0.1f, 5, 5, 5.1f, 5, 5, 5.1f, 9, 0, 9.1f, 0};
        float[] initial = {0, 0, 0.05f, 0.05f, 100, 100};
        KMeans.Result r = new KMeans(3, 30).fit(Tensors.floats(x, 8, 2), initial);
        assertTrue(r.reseeded() >= 1, "reseeded " + r.reseeded());
        Set<Integer> used = new HashSet<>();
        for (int a : r.assignments()) used.add(a);
        assertEquals(3, used.size(), "every prototype keeps at least one point");
    }

    @Test
    void clusterQualityByHand() {
        // clusters {0,0,1,1} vs labels {0,0,0,1}: majority 2 + 1 = 3 of 4
        ClusterQuality q = ClusterQuality.of(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1});
        assertEquals(0.75, q.purity(), 1e-12);
        double hc = Math.log(2), hl = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
        double mi = 0.5 * Math.log(0.5 / (0.5 * 0.75))
                + 0.25 * Math.log(0.25 / (0.5 * 0.75))
                + 0.25 * Math.log(0.25 / (0.5 * 0.25));
        assertEquals(mi / ((hc + hl) / 2), q.nmi(), 1e-12);
        assertEquals(
                1.0,
                ClusterQuality.of(new int[] {2, 2, 0}, new int[] {1, 1, 0}).nmi(),
                1e-12,
                "relabelled = identical");
    }

    @Test
    void greedyMatchingUndoesAPermutationOfCentroids() {
        float[] old = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        float[] next = {0, 0.9f, 0.1f, 0.1f, 0, 0.9f, 0.9f, 0.1f, 0}; // old 1, old 2, old 0, slightly moved
        assertArrayEquals(new int[] {1, 2, 0}, GreedyMatching.match(next, old, 3));
    }

    @Test
    void metricPairsPairEveryAnchorSampleWithOneSameAndOneOtherPrototype() {
        long[] proto = {3, 1, 3, 3, 0, 3, 2, 1};
        MetricPairs p = MetricPairs.draw(proto, 3, new SplittableRandom(9));
        assertEquals(8, p.size()); // 4 anchor samples × (same, other)
        for (int k = 0; k < p.size(); k++) {
            assertEquals(3, proto[(int) p.first()[k]]);
            assertNotEquals(p.first()[k], p.second()[k]);
            assertEquals(p.same()[k] == 1f, proto[(int) p.second()[k]] == 3, "pair " + k);
        }
        assertEquals(
                0,
                MetricPairs.draw(new long[] {3, 1, 2}, 3, new SplittableRandom(1))
                        .size(),
                "one anchor sample: no pairs");
    }

    /** Zero head: logits 0, so CE = ln P and RCE = −ln(1e-4)·(1 − 1/P). */
    @Test
    void prototypeLossByHand() {
        LinearImpl head = zeroHead(6, 5);
        Tensor r = Tensors.randn(Device.CPU, 4, 6);
        Tensor y = Tensors.longs(new long[] {0, 4, 2, 2}, 4);
        assertEquals(Math.log(5), Tensors.item(new PrototypeLoss(head, false, 1, 1).loss(r, y)), 1e-5);
        double rce = -Math.log(1e-4) * (1 - 0.2);
        assertEquals(0.5 * Math.log(5) + 2 * rce, Tensors.item(new PrototypeLoss(head, true, 0.5, 2).loss(r, y)), 1e-4);
    }

    /** Head w = (1, 1), b = −1 on |e_a − e_b|: logits by hand, BCE with the sameness labels. */
    @Test
    void siameseMetricLossByHand() {
        LinearImpl head = zeroHead(2, 1);
        ModuleState.noGrad(() -> {
            head.weight().fill_(Tensors.scalar(1.0));
            head.bias().fill_(Tensors.scalar(-1.0));
        });
        Tensor e1 = Tensors.floats(new float[] {0, 0, 1, 1}, 2, 2);
        Tensor e2 = Tensors.floats(new float[] {0, 0, 3, 1}, 2, 2);
        MetricPairs pairs = new MetricPairs(new long[] {0, 1}, new long[] {0, 1}, new float[] {1, 0});
        // pair 0: |0| → logit −1, label 1; pair 1: |(−2, 0)| → logit 1, label 0
        double expected = (Math.log(1 + Math.exp(1)) + Math.log(1 + Math.exp(1))) / 2;
        assertEquals(expected, Tensors.item(new SiameseMetricLoss(head).loss(e1, e2, pairs)), 1e-5);
    }

    @Test
    void metricLossGradientReachesTheEncoder() {
        OnlineNetworks online = new OnlineNetworks(
                new EncoderSpec("resnet18", 0.125, true, 1, 28).create(),
                new HeadConfig(64, 32, 64),
                false,
                Device.CPU);
        SpclNetworks nets = new SpclNetworks(online, 4, Device.CPU);
        Tensor x1 = Tensors.randn(Device.CPU, 6, 1, 28, 28), x2 = Tensors.randn(Device.CPU, 6, 1, 28, 28);
        Tensor e1 = online.forward(x1).representation(), e2 = online.forward(x2).representation();
        MetricPairs pairs = MetricPairs.draw(new long[] {0, 0, 0, 1, 2, 3}, 0, new SplittableRandom(2));
        new SiameseMetricLoss(nets.metricHead()).loss(e1, e2, pairs).backward();
        Tensor firstConv = online.trainableParameters().get(0);
        assertTrue(Tensors.item(firstConv.grad().abs().sum()) > 0, "the stem's weights receive a gradient");
        assertTrue(Tensors.item(nets.metricHead().weight().grad().abs().sum()) > 0);
    }

    private static LinearImpl zeroHead(long in, long out) {
        LinearImpl head = Layers.linear(in, out, true);
        ModuleState.noGrad(() -> {
            head.weight().zero_();
            head.bias().zero_();
        });
        return head;
    }
}
