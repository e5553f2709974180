package io.snclr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.data.TestImages;
import io.snclr.engine.PickledState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights in and out from the command line: torchvision's OrderedDict state_dict (written by PyTorch 1.13) and a
 * timm-style safetensors file start pre-training with --init-from and train; the run exports as safetensors (the same
 * tensors read back) and as ONNX, each printing the Python that prepares an image as the run did.
 */
class WeightsInOutCliTest extends TorchTest {
    /** Stage widths 4–32 with torchvision's 7×7 stem: the fixtures' torchvision ResNet-18 divided by 16. */
    private static final String[] ARCH = {
        "--encoder", "resnet18", "--width", "0.0625", "--cifar-stem", "false", "--image-size", "32", "--channels", "3"
    };

    private static Path fixture(Path tmp, String name) throws IOException {
        try (InputStream in = WeightsInOutCliTest.class.getResourceAsStream("/weights/" + name)) {
            Path file = tmp.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }

    private static Path photos(Path tmp) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 32; i++) files.put("p" + i + ".png", TestImages.encode(TestImages.photo(48, 40, i), "png"));
        Path dir = tmp.resolve("photos");
        TestImages.write(dir, files);
        return dir;
    }

    private static String[] pretrain(Path data, Path init, Path out, String epochs) {
        String[] common = {
            "pretrain",
            "--data",
            data.toString(),
            "--init-from",
            init.toString(),
            "--batch-size",
            "16",
            "--queue",
            "256",
            "--epochs",
            epochs,
            "--out",
            out.toString()
        };
        String[] args = java.util.Arrays.copyOf(common, common.length + ARCH.length);
        System.arraycopy(ARCH, 0, args, common.length, ARCH.length);
        return args;
    }

    @Test
    void torchvisionAndSafetensorsWeightsTrainAndExportBack(@TempDir Path tmp) throws IOException {
        Path data = photos(tmp);
        for (String name : new String[] {"resnet18-w16.pth", "resnet18-w16.safetensors"}) {
            Path init = fixture(tmp, name);
            CliCapture.Outcome trained = CliCapture.run(pretrain(data, init, tmp.resolve("trained-" + name), "1"));
            assertEquals(0, trained.code(), trained.err());
            assertTrue(Files.isRegularFile(tmp.resolve("trained-" + name).resolve("encoder.pt")));

            Path started = tmp.resolve("started-" + name);
            assertEquals(0, CliCapture.run(pretrain(data, init, started, "0")).code());
            Path back = tmp.resolve("back-" + name + ".safetensors");
            String printed = CliCapture.stdout(
                    "export", "--run", started.toString(), "--format", "safetensors", "--out", back.toString());
            assertTrue(printed.contains("transforms.Normalize("), printed);
            assertTrue(printed.contains("m.layer4 = m._make_layer(BasicBlock, w[3], 2, stride=2)"), printed);
            var original = PickledState.read(init);
            var exported = PickledState.read(back);
            exported.forEach((k, v) -> assertTrue(v.equal(original.get(k)), name + ": starts from the file: " + k));
            assertEquals(original.size() - 2, exported.size(), "all but the classifier fc.weight, fc.bias");
        }
        Path onnx = tmp.resolve("encoder.onnx");
        String printed = CliCapture.stdout(
                "export",
                "--run",
                tmp.resolve("trained-resnet18-w16.pth").toString(),
                "--format",
                "onnx",
                "--out",
                onnx.toString());
        assertTrue(printed.contains("ONNX graph, opset 17") && printed.contains("normalises them itself"), printed);
        assertTrue(printed.contains("session.run(None, {\"image\": x.numpy()})"), printed);
        assertTrue(Files.size(onnx) > 10_000);
    }
}
