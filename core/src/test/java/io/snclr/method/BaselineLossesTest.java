package io.snclr.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.engine.Device;
import io.snclr.engine.Tensors;
import io.snclr.method.byol.Byol;
import io.snclr.method.losses.InfoNce;
import io.snclr.method.losses.NormalizedMse;
import io.snclr.method.losses.NtXent;
import io.snclr.method.nnclr.Nnclr;
import io.snclr.method.simclr.SimClr;
import io.snclr.method.snclr.LossForm;
import io.snclr.method.snclr.NeighborSide;
import io.snclr.method.snclr.SoftNeighborLoss;
import io.snclr.model.EncoderSpec;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class BaselineLossesTest extends TorchTest {
    @Test
    void byolLossIsZeroForIdenticalAndFourForOppositeVectors() {
        Tensor p = Tensors.randn(Device.CPU, 5, 8);
        assertEquals(0.0, Tensors.item(NormalizedMse.loss(p, p.mul(Tensors.scalar(3)))), 1e-6);
        assertEquals(4.0, Tensors.item(NormalizedMse.loss(p, p.neg())), 1e-5);
    }

    /** Two images, orthogonal unit views: every logit is 1/τ (positive) or 0 (negative). */
    @Test
    void ntXentHandComputed() {
        Tensor a = Tensors.floats(new float[] {1, 0, 0, 1}, 2, 2);
        double t = 0.5;
        // each of the 4 rows: self masked, positive sim 1, two negatives with sim 0
        double expected = Math.log(Math.exp(1 / t) + 2) - 1 / t;
        assertEquals(expected, Tensors.item(NtXent.loss(a, a, t)), 1e-5);
        // one image: the only candidate of each view is its positive
        Tensor one = Tensors.randn(Device.CPU, 1, 4);
        assertEquals(0.0, Tensors.item(NtXent.loss(one, one.add(Tensors.scalar(0.1)), t)), 1e-6);
    }

    @Test
    void infoNceTimesTwoTauIsTheSnclrLossWithoutNeighbours() {
        Tensor q = Tensors.randn(Device.CPU, 6, 8), k = Tensors.l2normalize(Tensors.randn(Device.CPU, 6, 8));
        double snclr =
                Tensors.item(new SoftNeighborLoss(0.2, LossForm.SOFT, NeighborSide.BOTH).loss(q, k, null, null, 0));
        assertEquals(snclr, 2 * 0.2 * Tensors.item(InfoNce.loss(q, k, 0.2)), 1e-5);
    }

    /** A support set holding exactly the batch's own projections: NN(z) = z, so NNCLR is plain InfoNCE. */
    @Test
    void nnclrWithASelfOnlySupportSetIsInfoNce() {
        Tensor z1 = Tensors.l2normalize(Tensors.randn(Device.CPU, 4, 8)),
                z2 = Tensors.l2normalize(Tensors.randn(Device.CPU, 4, 8));
        Tensor p1 = Tensors.randn(Device.CPU, 4, 8), p2 = Tensors.randn(Device.CPU, 4, 8);
        CandidateQueue support = new CandidateQueue(8, 8, Device.CPU);
        support.enqueue(Tensors.cat(0, z1, z2), Tensors.longs(new long[8], 8));
        Tensor nn1 = support.nearest(z1, 1).features().view(4, 8),
                nn2 = support.nearest(z2, 1).features().view(4, 8);
        double expected = Tensors.item(InfoNce.loss(z1, p2, 0.1)) + Tensors.item(InfoNce.loss(z2, p1, 0.1));
        assertEquals(expected, Tensors.item(Nnclr.loss(nn1, p2, nn2, p1, 0.1)), 1e-5);
    }

    @Test
    void everyBaselineStepsAndItsGradientReachesTheBackbone() {
        EncoderSpec tiny = new EncoderSpec("resnet18", 0.0625, true, 1, 8);
        HeadConfig heads = new HeadConfig(32, 16, 32);
        List<PretrainMethod> methods = List.of(
                new SimClr(new OnlineNetworks(tiny.create(), heads, false, Device.CPU), 0.2),
                new Byol(new MomentumNetworks(tiny::create, heads, Device.CPU)),
                new Nnclr(
                        new OnlineNetworks(tiny.create(), heads, true, Device.CPU),
                        new CandidateQueue(32, 16, Device.CPU),
                        0.2));
        for (PretrainMethod m : methods) {
            m.train(true);
            StepContext ctx = new StepContext(0, 0, null, 0.99, new PhaseClock());
            m.beforeStep(ctx);
            StepOutput out = m.step(
                    Tensors.randn(Device.CPU, 6, 1, 8, 8),
                    Tensors.randn(Device.CPU, 6, 1, 8, 8),
                    Tensors.longs(new long[] {0, 1, 2, 0, 1, 2}, 6),
                    ctx);
            assertTrue(Double.isFinite(Tensors.item(out.loss())), m.name());
            out.loss().backward();
            for (Tensor p : m.trainableParameters())
                assertTrue(p.grad().defined(), m.name() + ": parameter without gradient");
        }
    }
}
