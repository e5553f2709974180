package io.snclr.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.dist.SingleProcess;
import io.snclr.engine.Device;
import io.snclr.engine.Tensors;
import io.snclr.method.mocov3.MocoV3;
import io.snclr.method.snclr.Snclr;
import io.snclr.method.snclr.SnclrConfig;
import io.snclr.model.EncoderSpec;
import java.util.stream.IntStream;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class SnclrStepTest extends TorchTest {
    private static final EncoderSpec TINY = new EncoderSpec("resnet18", 0.0625, true, 1, 8);

    private static MomentumNetworks nets() {
        return new MomentumNetworks(TINY::create, new HeadConfig(32, 16, 32), Device.CPU);
    }

    private static Snclr snclr(MomentumNetworks nets, int k, int warmup) {
        return new Snclr(SnclrConfig.DEFAULT.withNeighbors(k, 32, warmup), nets, 16, Device.CPU, new SingleProcess());
    }

    @Test
    void gradientsReachOnlyTheOnlineBranch() {
        MomentumNetworks nets = nets();
        Snclr method = snclr(nets, 4, 0);
        method.train(true);
        Tensor x1 = Tensors.randn(Device.CPU, 6, 1, 8, 8), x2 = Tensors.randn(Device.CPU, 6, 1, 8, 8);
        Tensor labels = Tensors.longs(new long[] {0, 1, 0, 1, 0, 1}, 6);
        StepContext ctx = new StepContext(0, 0, null, 0.99, new PhaseClock());
        method.beforeStep(ctx);
        StepOutput out = method.step(x1, x2, labels, ctx);
        out.loss().backward();
        for (Tensor p : nets.trainableParameters()) assertTrue(p.grad().defined(), "online parameter without gradient");
        for (Tensor p : nets.momentumParameters()) {
            assertFalse(p.grad().defined(), "momentum parameter received a gradient");
            assertFalse(p.requires_grad());
        }
        assertFalse(method.queue().features().requires_grad());
        assertTrue(out.metrics().containsKey("positiveness_entropy"));
        assertEquals(6, method.queue().pointer(), "the second view's keys are enqueued");
    }

    @Test
    void neighbourWarmupIsExactlyTheMocoV3Loss() {
        MomentumNetworks nets = nets();
        Tensor x1 = Tensors.randn(Device.CPU, 4, 1, 8, 8), x2 = Tensors.randn(Device.CPU, 4, 1, 8, 8);
        Tensor labels = Tensors.longs(new long[] {-1, -1, -1, -1}, 4);
        StepContext ctx = new StepContext(0, 0, null, 0.99, new PhaseClock());
        nets.train(false); // batch statistics aside, both calls must see identical networks
        double warm = Tensors.item(snclr(nets, 4, 1).step(x1, x2, labels, ctx).loss());
        double moco = Tensors.item(new MocoV3<Void>("mocov3", nets, 16, 1.0, new SingleProcess())
                .step(x1, x2, labels, ctx)
                .loss());
        assertEquals(moco, warm, 1e-6);
    }

    /** The neighbour display's ranking is Eq. 3 + Eq. 4 on the same queue: checked against a brute-force search. */
    @Test
    void displayRankingEqualsTheTrainingTimeTopKAndPositiveness() {
        MomentumNetworks nets = nets();
        Snclr method = snclr(nets, 4, 0);
        method.train(false);
        CandidateQueue bank = new CandidateQueue(32, 16, Device.CPU);
        Tensor x = Tensors.randn(Device.CPU, 3, 1, 8, 8);
        Snclr.Ranked r = method.rank(x, bank, 4);
        float[] keys = Tensors.toFloats(method.keys(x)), cands = Tensors.toFloats(bank.features());
        float[] proj = Tensors.toFloats(Tensors.l2normalize(nets.online(x).projection()));
        long[] got = Tensors.toLongs(r.neighbors().indices());
        float[] w = Tensors.toFloats(r.positiveness());
        for (int q = 0; q < 3; q++) {
            final int qq = q;
            Integer[] order = IntStream.range(0, 32)
                    .boxed()
                    .sorted((a, b) -> Double.compare(dot(keys, qq, cands, b), dot(keys, qq, cands, a)))
                    .toArray(Integer[]::new);
            double[] s = new double[4];
            double sum = 0;
            for (int j = 0; j < 4; j++) {
                assertEquals((long) order[j], got[q * 4 + j], "query " + q + " rank " + j);
                s[j] = Math.exp(dot(proj, q, cands, order[j]) / 1.0); // Eq. 4 with γ = 1
                sum += s[j];
            }
            for (int j = 0; j < 4; j++) assertEquals(s[j] / sum, w[q * 4 + j], 1e-5);
        }
    }

    private static double dot(float[] a, int i, float[] b, int j) {
        double s = 0;
        for (int k = 0; k < 16; k++) s += a[i * 16 + k] * b[j * 16 + k];
        return s;
    }
}
