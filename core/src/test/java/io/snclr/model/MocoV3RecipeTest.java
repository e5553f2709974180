package io.snclr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.engine.Device;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Tensors;
import io.snclr.method.HeadConfig;
import io.snclr.method.OnlineNetworks;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** MoCo v3's recipe details: heads per encoder family, zero-initialised residual branches, ViT positions and init. */
class MocoV3RecipeTest extends TorchTest {
    private static long count(Map<String, Tensor> named, String prefix, String suffix) {
        return named.keySet().stream()
                .filter(k -> k.startsWith(prefix) && k.endsWith(suffix))
                .count();
    }

    @Test
    void resnetHeadsHaveTwoProjectorLayersAndNoLastPredictorNorm() {
        Encoder resnet = new EncoderSpec("resnet18", 0.0625, true, 1, 8).create();
        OnlineNetworks nets = new OnlineNetworks(resnet, new HeadConfig(32, 16, 32), true, Device.CPU);
        Map<String, Tensor> named = ModuleState.named(nets.projectorModule());
        assertEquals(
                2,
                count(named, "", ".weight") - count(named, "", "running_mean") + 1,
                "2 Linear layers, 1 affine BatchNorm: " + named.keySet());
        assertEquals(2, count(named, "", "running_mean"), "a BatchNorm after each layer: " + named.keySet());
        Map<String, Tensor> pred = ModuleState.named(nets.predictorModule());
        assertEquals(
                1, count(pred, "", "running_mean"), "the predictor's last layer has no BatchNorm: " + pred.keySet());

        Encoder vit = new EncoderSpec("vit-tiny", 1, true, 1, 8, 4, true).create();
        OnlineNetworks vnets = new OnlineNetworks(vit, new HeadConfig(32, 16, 32), true, Device.CPU);
        assertEquals(3, count(ModuleState.named(vnets.projectorModule()), "", "running_mean"));
        assertEquals(2, count(ModuleState.named(vnets.predictorModule()), "", "running_mean"));
    }

    @Test
    void everyResidualBranchStartsAsZero() {
        Map<String, Tensor> named = ModuleState.named(
                new EncoderSpec("resnet18", 0.125, true, 1, 8).create().module());
        int zeroed = 0;
        for (var e : named.entrySet()) {
            if (e.getKey().matches("layer\\d\\.\\d\\.bn2\\.weight")) {
                assertEquals(0.0, Tensors.item(e.getValue().abs().sum()), e.getKey());
                zeroed++;
            }
        }
        assertEquals(8, zeroed, "the eight blocks of ResNet-18");
        assertEquals(1.0, Tensors.item(named.get("layer1.0.bn1.weight").mean()), 1e-6, "the other norms start at 1");
    }

    @Test
    void vitUsesFixedSinCosPositionsAndXavierInit() {
        VisionTransformer vit = (VisionTransformer) new EncoderSpec("vit-tiny", 1, true, 1, 16, 4, true).create();
        Map<String, Tensor> named = ModuleState.named(vit);
        Tensor pos = named.get("pos_embed");
        assertFalse(pos.requires_grad(), "MoCo v3's position embedding is fixed");
        float[] p = Tensors.toFloats(pos); // 1 × (16 + 1) × 192, quarter = 48
        for (int i = 0; i < 192; i++) assertEquals(0f, p[i], "the [CLS] row is zero");
        // patch token t = 5 (row a = 1, column b = 1), component i = 0: sin(1), cos(1), sin(1), cos(1)
        int row = 6 * 192;
        assertEquals(Math.sin(1), p[row], 1e-6);
        assertEquals(Math.cos(1), p[row + 48], 1e-6);
        assertEquals(Math.sin(1), p[row + 96], 1e-6);
        // component 1 of a: ω = 1 / 10000^(1/48)
        assertEquals(Math.sin(1 / Math.pow(10000, 1 / 48.0)), p[row + 1], 1e-6);

        double bound = Math.sqrt(6.0 / (192 + 192)); // qkv as three 192×192 matrices
        Tensor qkv = named.get("blocks.0.attn.qkv.weight");
        double max = Tensors.item(qkv.abs().max());
        assertTrue(max <= bound && max > 0.95 * bound, "qkv bound " + max + " vs " + bound);
        double fc1 = Tensors.item(named.get("blocks.0.mlp.fc1.weight").abs().max());
        assertTrue(fc1 <= Math.sqrt(6.0 / (192 + 768)) + 1e-6, "fc1 is xavier-uniform: " + fc1);
    }
}
