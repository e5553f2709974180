package io.snclr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.snclr.TorchTest;
import io.snclr.engine.Device;
import io.snclr.engine.ModuleState;
import io.snclr.engine.PickledState;
import io.snclr.engine.SafeTensors;
import io.snclr.engine.Tensors;
import io.snclr.files.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weights PyTorch users have, read as --init-from reads them: the fixtures in resources/weights were written by
 * PyTorch 1.13 (make_fixtures.py beside them): torchvision's OrderedDict state_dict in the zip and the legacy format,
 * MoCo v3's checkpoint layout, safetensors files; and pickles that try to run something or hold a whole model, refused.
 */
class WeightImportTest extends TorchTest {
    /** torchvision's ResNet-18 with every width divided by 16, its 7×7 stem and max-pool, RGB. */
    static final EncoderSpec RESNET18_W16 = new EncoderSpec("resnet18", 0.0625, false, 3, 32);

    static Path fixture(String name) {
        try {
            return Path.of(
                    WeightImportTest.class.getResource("/weights/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void torchvisionStateDictsLoadInEveryFormatWithTheValuesPyTorchWrote() throws IOException {
        JsonNode expected;
        try (InputStream in = Files.newInputStream(fixture("expected.json"))) {
            expected = Json.MAPPER.readTree(in);
        }
        for (String file : List.of(
                "resnet18-w16.pth",
                "resnet18-w16-legacy.pth",
                "resnet18-w16-mocov3.pth.tar",
                "resnet18-w16.safetensors")) {
            Encoder encoder = RESNET18_W16.create();
            PretrainedWeights.Loaded loaded = PretrainedWeights.load(fixture(file), encoder, "ResNet-18 x0.0625");
            Map<String, Tensor> named = ModuleState.named(encoder.module());
            assertEquals(named.size(), loaded.tensors(), file);
            assertEquals(file.contains("mocov3") ? "module.base_encoder." : "", loaded.prefix(), file);
            for (var e : named.entrySet()) {
                JsonNode want = expected.get(e.getKey());
                assertTrue(want != null, file + ": " + e.getKey() + " is not a torchvision name");
                double sum = e.getValue()
                        .to(org.bytedeco.pytorch.global.torch.ScalarType.Double)
                        .sum()
                        .item_double();
                assertEquals(want.get("sum").asDouble(), sum, 1e-4 * Math.max(1, Math.abs(sum)), file + " " + e);
                assertEquals(
                        want.get("first").asDouble(),
                        e.getValue().flatten().get(0).item_double(),
                        1e-6,
                        file + " " + e.getKey());
            }
            assertTrue(loaded.ignored().contains(file.contains("mocov3") ? "module.predictor.0.weight" : "fc.weight"));
        }
    }

    @Test
    void aTimmViTInSafetensorsLoads() {
        VisionTransformer vit = new VisionTransformer(new ViTConfig(32, 2, 2, 4, 7, 28, 1, false, VitRecipe.TIMM));
        PretrainedWeights.Loaded loaded = PretrainedWeights.load(fixture("vit-d32.safetensors"), vit, "ViT d32");
        assertEquals(List.of("head.weight", "head.bias"), loaded.ignored());
        Map<String, Tensor> file = PickledState.read(fixture("vit-d32.safetensors"));
        for (var e : ModuleState.named(vit).entrySet()) {
            assertEquals(
                    0f,
                    Tensors.item(e.getValue().sub(file.get(e.getKey())).abs().max()),
                    e.getKey());
        }
    }

    /** Weights of the wrong kind are refused at the load, naming the tensor, not found wanting at step 1. */
    @Test
    void integerOrNonFiniteWeightsAreRefusedNamingTheTensor(@TempDir Path tmp) throws IOException {
        Map<String, Tensor> good = PickledState.read(fixture("resnet18-w16.safetensors"));
        Map<String, Tensor> asIntegers = new java.util.LinkedHashMap<>(good);
        asIntegers.put("conv1.weight", good.get("conv1.weight").to(org.bytedeco.pytorch.global.torch.ScalarType.Long));
        Path ints = tmp.resolve("ints.safetensors");
        SafeTensors.write(asIntegers, Map.of(), ints);
        var e = assertThrows(
                IllegalArgumentException.class, () -> PretrainedWeights.load(ints, RESNET18_W16.create(), "R18"));
        assertTrue(e.getMessage().contains("'conv1.weight'") && e.getMessage().contains("int64"), e.getMessage());

        Map<String, Tensor> withNan = new java.util.LinkedHashMap<>(good);
        Tensor w = good.get("layer1.0.conv1.weight").clone();
        w.view(-1).narrow(0, 3, 1).fill_(new org.bytedeco.pytorch.Scalar(Double.NaN));
        withNan.put("layer1.0.conv1.weight", w);
        Path nan = tmp.resolve("nan.safetensors");
        SafeTensors.write(withNan, Map.of(), nan);
        Encoder target = RESNET18_W16.create();
        Tensor before = ModuleState.named(target.module()).get("conv1.weight").clone();
        e = assertThrows(IllegalArgumentException.class, () -> PretrainedWeights.load(nan, target, "R18"));
        assertTrue(
                e.getMessage().contains("'layer1.0.conv1.weight'")
                        && e.getMessage().contains("NaN"),
                e.getMessage());
        assertTrue(before.equal(ModuleState.named(target.module()).get("conv1.weight")), "nothing was loaded");
    }

    @Test
    void aPickleThatRunsACommandIsRefusedNotRun() {
        var e = assertThrows(IllegalArgumentException.class, () -> PickledState.read(fixture("refused-os-system.pth")));
        assertTrue(e.getMessage().contains("refused") && e.getMessage().contains("posix.system"), e.getMessage());
    }

    @Test
    void aWholePickledModelIsRefusedWithWhatToSaveInstead() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> PickledState.read(fixture("refused-whole-model.pth")));
        assertTrue(e.getMessage().contains("torch.nn.modules.linear.Linear"), e.getMessage());
        assertTrue(e.getMessage().contains("state_dict()"), e.getMessage());
    }

    @Test
    void safetensorsWrittenHereReadBackAndDamageIsOneLine(@TempDir Path tmp) throws IOException {
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
        tensors.put("a", Tensors.randn(Device.CPU, 3, 5));
        tensors.put("b.long", Tensors.longs(new long[] {1, -2, 3}, 3));
        Path file = tmp.resolve("x.safetensors");
        SafeTensors.write(tensors, Map.of("format", "pt"), file);
        Map<String, Tensor> back = PickledState.read(file);
        assertEquals(List.of("a", "b.long"), List.copyOf(back.keySet()));
        assertEquals(0f, Tensors.item(back.get("a").sub(tensors.get("a")).abs().max()));
        assertEquals(
                List.of(1L, -2L, 3L),
                java.util.Arrays.stream(Tensors.toLongs(back.get("b.long")))
                        .boxed()
                        .toList());

        Path cut = tmp.resolve("cut.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        var e = assertThrows(IllegalArgumentException.class, () -> PickledState.read(cut));
        assertTrue(
                e.getMessage().startsWith(cut.toString()) && e.getMessage().contains("data_offsets"), e.getMessage());

        Path zip = tmp.resolve("cut.pth");
        byte[] pth = Files.readAllBytes(fixture("resnet18-w16.pth"));
        Files.write(zip, java.util.Arrays.copyOf(pth, pth.length / 2));
        e = assertThrows(IllegalArgumentException.class, () -> PickledState.read(zip));
        assertTrue(e.getMessage().startsWith(zip.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());

        Path legacy = tmp.resolve("cut-legacy.pth");
        byte[] old = Files.readAllBytes(fixture("resnet18-w16-legacy.pth"));
        Files.write(legacy, java.util.Arrays.copyOf(old, old.length - 100));
        e = assertThrows(IllegalArgumentException.class, () -> PickledState.read(legacy));
        assertTrue(e.getMessage().startsWith(legacy.toString()), e.getMessage());

        Path garbage = tmp.resolve("garbage.pth");
        try (RandomAccessFile f = new RandomAccessFile(garbage.toFile(), "rw")) {
            f.write("not a state dict at all".getBytes());
        }
        e = assertThrows(IllegalArgumentException.class, () -> PickledState.read(garbage));
        assertTrue(e.getMessage().contains("neither a torch.save file"), e.getMessage());
    }
}
