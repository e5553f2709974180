package io.snclr.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.method.HeadConfig;
import io.snclr.method.MomentumNetworks;
import io.snclr.method.OnlineNetworks;
import io.snclr.model.EncoderSpec;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** bf16 autocast: same networks, outputs close to fp32, fp32 outputs, weights and gradients, autocast off after. */
class AutocastTest extends TorchTest {
    private static final EncoderSpec TINY = new EncoderSpec("resnet18", 0.125, true, 1, 16);

    private static MomentumNetworks nets(Precision p) {
        Engine.seed(7);
        MomentumNetworks n =
                new MomentumNetworks(TINY.create(), TINY.create(), new HeadConfig(64, 32, 64), Device.CPU, p);
        n.train(false); // eval-mode BatchNorm: both precisions see the same statistics
        return n;
    }

    @Test
    void bf16ForwardMatchesFp32AndKeepsEverythingElseFp32() {
        Tensor x = Tensors.randn(Device.CPU, 8, 1, 16, 16);
        MomentumNetworks fp32 = nets(Precision.FP32), bf16 = nets(Precision.BF16);
        OnlineNetworks.Output a = fp32.online(x), b = bf16.online(x);
        for (Tensor t : new Tensor[] {b.representation(), b.projection(), b.prediction(), bf16.keys(x)}) {
            assertEquals("Float", String.valueOf(t.scalar_type()), "outputs are fp32, so losses are computed in fp32");
        }
        double rel = Tensors.item(a.projection().sub(b.projection()).norm())
                / Tensors.item(a.projection().norm());
        assertTrue(rel > 0 && rel < 0.05, "bf16 projection differs from fp32 by " + rel + " (relative)");
        assertFalse(Autocast.enabled(Device.CPU), "autocast is switched off after the forward pass");

        b.prediction().sum().backward();
        for (Tensor p : bf16.trainableParameters()) {
            assertEquals("Float", String.valueOf(p.scalar_type()));
            assertTrue(!p.grad().defined()
                    || String.valueOf(p.grad().scalar_type()).equals("Float"));
        }
    }

    /** As in PyTorch: a weight is cast once per outermost region, and after it (an optimiser step) cast afresh. */
    @Test
    void aRegionCastsEachWeightOnceAndTheNextCastsAfresh() {
        LinearImpl linear = Layers.linear(8, 4, false);
        Tensor x = Tensors.randn(Device.CPU, 3, 8);
        Tensor[] inside = new Tensor[2];
        Autocast.run(Precision.BF16, Device.CPU, () -> {
            inside[0] = Autocast.run(Precision.BF16, Device.CPU, () -> Layers.linear(linear, x));
            ModuleState.noGrad(() -> {
                linear.weight().mul_(new Scalar(2.0));
            });
            inside[1] = Autocast.run(Precision.BF16, Device.CPU, () -> Layers.linear(linear, x));
            return null;
        });
        assertTrue(inside[0].equal(inside[1]), "the second pass in the region used the first pass's cast");
        Tensor after = Autocast.run(Precision.BF16, Device.CPU, () -> Layers.linear(linear, x));
        assertTrue(after.equal(inside[0].mul(new Scalar(2.0))), "a new region casts the updated weight");
    }

    /** Both views in one region (each weight cast once) give what each view gives alone, with fp32 gradients. */
    @Test
    void bothViewsInOneRegionMatchEachAlone() {
        Tensor x1 = Tensors.randn(Device.CPU, 4, 1, 16, 16), x2 = Tensors.randn(Device.CPU, 4, 1, 16, 16);
        MomentumNetworks bf16 = nets(Precision.BF16);
        OnlineNetworks.Pair both = bf16.online(x1, x2);
        assertTrue(both.first().prediction().equal(bf16.online(x1).prediction()), "first view");
        assertTrue(both.second().prediction().equal(bf16.online(x2).prediction()), "second view");
        both.first().prediction().add(both.second().prediction()).sum().backward();
        for (Tensor p : bf16.trainableParameters())
            assertTrue(!p.grad().defined()
                    || String.valueOf(p.grad().scalar_type()).equals("Float"));
    }

    /** Attention under bf16 autocast on a CPU (the batched products, not the fused kernel) is fp32's within bf16. */
    @Test
    void bf16AttentionMatchesFp32WithItsGradients() {
        Tensor q = Tensors.randn(Device.CPU, 2, 3, 17, 8).requires_grad_(true);
        Tensor k = Tensors.randn(Device.CPU, 2, 3, 17, 8).requires_grad_(true);
        Tensor v = Tensors.randn(Device.CPU, 2, 3, 17, 8).requires_grad_(true);
        Tensor exact = Layers.attention(q, k, v);
        exact.sum().backward();
        Tensor exactGrad = q.grad().clone();
        q.grad().zero_();
        Tensor low = Autocast.run(Precision.BF16, Device.CPU, () -> Layers.attention(q, k, v));
        assertEquals("BFloat16", String.valueOf(low.scalar_type()), "the products run in bf16");
        assertTrue(relative(exact, low.to(exact.scalar_type())) < 0.02, "output within bf16 of fp32");
        low.sum().backward();
        assertTrue(relative(exactGrad, q.grad()) < 0.05, "gradient within bf16 of fp32");
    }

    private static double relative(Tensor a, Tensor b) {
        return Tensors.item(a.sub(b).norm()) / Tensors.item(a.norm());
    }
}
