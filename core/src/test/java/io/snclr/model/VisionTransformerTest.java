package io.snclr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.engine.Device;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Optim;
import io.snclr.engine.Tensors;
import io.snclr.method.HeadConfig;
import io.snclr.method.OnlineNetworks;
import io.snclr.method.losses.NtXent;
import io.snclr.train.OptimizerKind;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class VisionTransformerTest extends TorchTest {
    /** timm's counts at 224 px, patch 16, 3 channels, without the classifier head (e.g. ViT-S/16: 21.7M). */
    @Test
    void parameterCountsMatchTimm() {
        assertEquals(5_524_416, count("vit-tiny"));
        assertEquals(21_665_664, count("vit-small"));
        assertEquals(85_798_656, count("vit-base"));
    }

    private static long count(String name) {
        return ModuleState.parameterCount(
                new EncoderSpec(name, 1, false, 3, 224, 16, false).create().module());
    }

    @Test
    void timmNamesShapesAndTheClsRepresentation() {
        Encoder vit = new EncoderSpec("vit-small", 1, false, 3, 224, 16, false).create();
        Map<String, Tensor> named = ModuleState.named(vit.module());
        assertArrayEquals(new long[] {1, 1, 384}, named.get("cls_token").shape());
        assertArrayEquals(new long[] {1, 197, 384}, named.get("pos_embed").shape());
        assertArrayEquals(
                new long[] {384, 3, 16, 16},
                named.get("patch_embed.proj.weight").shape());
        assertArrayEquals(
                new long[] {1152, 384}, named.get("blocks.11.attn.qkv.weight").shape());
        assertArrayEquals(new long[] {384}, named.get("blocks.0.attn.proj.bias").shape());
        assertArrayEquals(
                new long[] {1536, 384}, named.get("blocks.3.mlp.fc1.weight").shape());
        assertArrayEquals(new long[] {384}, named.get("blocks.5.norm2.weight").shape());
        assertArrayEquals(new long[] {384}, named.get("norm.bias").shape());
        assertEquals(12 * 12 + 4 + 2, named.size(), "12 tensors per block, cls, pos, patch w+b, final norm w+b");
        Tensor out = vit.forward(Tensors.randn(Device.CPU, 2, 3, 224, 224));
        assertArrayEquals(new long[] {2, 384}, out.shape());
        assertEquals(384, vit.featureDim());
    }

    /** ViT-Tiny/4 on 28 px: the frozen patch projection is untouched by training steps, the rest moves. */
    @Test
    void frozenPatchEmbeddingStaysUnchanged() {
        Encoder vit = new EncoderSpec("vit-tiny", 1, false, 1, 28, 4, true).create();
        OnlineNetworks nets = new OnlineNetworks(vit, new HeadConfig(64, 32, 64), false, Device.CPU);
        Map<String, Tensor> named = ModuleState.named(vit.module());
        Tensor patchBefore = named.get("patch_embed.proj.weight").clone();
        Tensor qkvBefore = named.get("blocks.0.attn.qkv.weight").clone();
        assertFalse(nets.trainableParameters().stream().anyMatch(p -> p.equal(named.get("patch_embed.proj.weight"))));
        Optim optim = OptimizerKind.ADAMW.create(nets.trainableParameters(), 0.1);
        optim.setLr(1e-3);
        for (int step = 0; step < 3; step++) {
            Tensor x1 = Tensors.randn(Device.CPU, 8, 1, 28, 28),
                    x2 = x1.add(Tensors.randn(Device.CPU, 8, 1, 28, 28).mul(Tensors.scalar(0.1)));
            optim.zeroGrad();
            NtXent.loss(nets.forward(x1).projection(), nets.forward(x2).projection(), 0.2)
                    .backward();
            optim.step();
        }
        assertTrue(patchBefore.equal(named.get("patch_embed.proj.weight")), "patch embedding unchanged");
        assertTrue(patchBefore.equal(named.get("patch_embed.proj.weight")));
        assertFalse(qkvBefore.equal(named.get("blocks.0.attn.qkv.weight")), "the blocks are trained");
    }
}
