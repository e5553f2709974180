package io.snclr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.engine.Device;
import io.snclr.engine.Engine;
import io.snclr.engine.ModuleState;
import io.snclr.engine.PickledState;
import io.snclr.engine.ScriptModules;
import io.snclr.engine.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * export → import gives the same network: torch.save state_dicts read back by --init-from, and TorchScript modules run
 * by libtorch's own loader, for a ResNet (bottleneck and basic, both stems) and a ViT; bad files give one clear line.
 */
class ExportRoundTripTest extends TorchTest {
    private static final EncoderSpec RESNET = new EncoderSpec("resnet18", 0.125, true, 1, 16);
    private static final EncoderSpec BOTTLENECK = new EncoderSpec("resnet50", 0.0625, false, 3, 32);
    private static final EncoderSpec VIT =
            new EncoderSpec("vit-tiny", 1.0, false, 3, 16, 4, true, true, VitRecipe.MOCOV3);

    /** A network whose BatchNorm statistics and scales are not the defaults, in eval mode, so every tensor matters. */
    static Encoder trained(EncoderSpec spec, long seed) {
        Engine.seed(seed);
        Encoder e = spec.create();
        try (NoGradGuard g = new NoGradGuard()) {
            for (var t : ModuleState.named(e.module()).entrySet()) {
                String n = t.getKey();
                if (n.endsWith("running_var") || (n.contains("bn") && n.endsWith("weight")))
                    t.getValue().uniform_(0.5, 1.5, null);
                if (n.endsWith("running_mean") || n.endsWith(".bias"))
                    t.getValue().uniform_(-0.2, 0.2, null);
            }
        }
        e.module().eval();
        return e;
    }

    private static Tensor input(EncoderSpec spec) {
        return Tensors.randn(Device.CPU, 3, spec.inChannels(), spec.imageSize(), spec.imageSize());
    }

    private static float maxDiff(Tensor a, Tensor b) {
        return a.sub(b).abs().max().item_float();
    }

    @Test
    void stateDictsAndTorchScriptReproduceTheEncoder(@TempDir Path tmp) {
        for (EncoderSpec spec : new EncoderSpec[] {RESNET, BOTTLENECK, VIT}) {
            Encoder original = trained(spec, 1);
            Tensor x = input(spec);
            Tensor expected = ModuleState.noGrad(() -> original.forward(x));
            WeightFormat format = spec.name().startsWith("vit") ? WeightFormat.TIMM : WeightFormat.TORCHVISION;
            Path pth = tmp.resolve(spec.name() + ".pth");
            EncoderExport.write(original, spec, format, pth);

            Encoder copy = trained(spec, 2);
            assertTrue(maxDiff(expected, ModuleState.noGrad(() -> copy.forward(x))) > 1e-3, "a different seed differs");
            PretrainedWeights.Loaded loaded = PretrainedWeights.load(pth, copy, spec.describe());
            assertEquals(0, loaded.ignored().size());
            assertEquals(
                    0f, maxDiff(expected, ModuleState.noGrad(() -> copy.forward(x))), spec.name() + " via " + format);

            Path script = tmp.resolve(spec.name() + ".pt");
            EncoderExport.write(original, spec, WeightFormat.TORCHSCRIPT, script);
            Tensor scripted = ScriptModules.load(script).forward(x);
            assertTrue(
                    maxDiff(expected, scripted)
                            < 1e-4 * (1 + expected.abs().max().item_float()),
                    spec.name() + " TorchScript differs by " + maxDiff(expected, scripted));
        }
    }

    @Test
    void checkpointsOfOtherTrainersLoadFromUnderTheirPrefix(@TempDir Path tmp) {
        Encoder original = trained(RESNET, 3);
        Map<String, Tensor> wrapped = new LinkedHashMap<>();
        ModuleState.named(original.module()).forEach((k, v) -> wrapped.put("module.backbone." + k, v));
        wrapped.put("module.fc.weight", Tensors.zeros(Device.CPU, 10, 4));
        Path file = tmp.resolve("lightning.pth");
        PickledState.write(wrapped, file);
        Encoder copy = trained(RESNET, 4);
        PretrainedWeights.Loaded loaded = PretrainedWeights.load(file, copy, RESNET.describe());
        assertEquals("module.backbone.", loaded.prefix());
        assertEquals(List.of("module.fc.weight"), loaded.ignored());
        Tensor x = input(RESNET);
        assertEquals(
                0f, maxDiff(ModuleState.noGrad(() -> original.forward(x)), ModuleState.noGrad(() -> copy.forward(x))));
    }

    @Test
    void wrongFilesAndArchitecturesAreRefusedWithOneLine(@TempDir Path tmp) throws Exception {
        Path pth = tmp.resolve("r18.pth");
        EncoderExport.write(trained(RESNET, 5), RESNET, WeightFormat.TORCHVISION, pth);

        EncoderSpec deeper = new EncoderSpec("resnet34", 0.125, true, 1, 16);
        String m = assertThrows(
                        IllegalArgumentException.class,
                        () -> PretrainedWeights.load(pth, deeper.create(), deeper.describe()))
                .getMessage();
        assertTrue(m.startsWith(pth + ": lacks ") && m.contains("resnet34"), m);

        EncoderSpec wider = new EncoderSpec("resnet18", 0.25, true, 1, 16);
        m = assertThrows(
                        IllegalArgumentException.class,
                        () -> PretrainedWeights.load(pth, wider.create(), wider.describe()))
                .getMessage();
        assertTrue(m.contains("'conv1.weight' has shape [8, 1, 3, 3]") && m.contains("expects [16, 1, 3, 3]"), m);

        Path junk = Files.write(tmp.resolve("junk.pth"), new byte[] {1, 2, 3, 4, 5});
        m = assertThrows(IllegalArgumentException.class, () -> PretrainedWeights.load(junk, RESNET.create(), "x"))
                .getMessage();
        assertTrue(m.startsWith(junk + ": neither a torch.save file"), m);

        m = assertThrows(
                        IllegalArgumentException.class,
                        () -> EncoderExport.write(
                                trained(VIT, 6), VIT, WeightFormat.TORCHVISION, tmp.resolve("vit.pth")))
                .getMessage();
        assertTrue(m.contains("--format timm"), m);
        assertTrue(!Files.exists(tmp.resolve("vit.pth")));
    }
}
