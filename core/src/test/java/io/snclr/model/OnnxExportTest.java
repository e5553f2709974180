package io.snclr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.snclr.TorchTest;
import io.snclr.api.Embedder;
import io.snclr.augment.Normalization;
import io.snclr.data.FashionMnist;
import io.snclr.data.ImageFolder;
import io.snclr.data.ImageSet;
import io.snclr.data.TestImages;
import io.snclr.engine.Device;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snclr export --format onnx} run by ONNX Runtime, an implementation that shares nothing with the writer: on
 * real images its embedding equals what {@link Embedder} (the path of {@code snclr embed}) computes, within 1e-4, for
 * a CIFAR-stem ResNet-18, a bottleneck ResNet-50 with torchvision's stem and a ViT.
 */
class OnnxExportTest extends TorchTest {
    private static final float[] GRAY_MEAN = {0.286f}, GRAY_STD = {0.353f};
    private static final float[] RGB_MEAN = {0.485f, 0.456f, 0.406f}, RGB_STD = {0.229f, 0.224f, 0.225f};

    @Test
    void aResNet18OnFashionMnistMatchesTheEmbedder(@TempDir Path tmp) throws Exception {
        EncoderSpec spec = new EncoderSpec("resnet18", 0.125, true, 1, 28);
        assertMatches(spec, fashionMnist(12), 12, GRAY_MEAN, GRAY_STD, tmp);
    }

    @Test
    void aBottleneckResNet50OnPhotosMatchesTheEmbedder(@TempDir Path tmp) throws Exception {
        EncoderSpec spec = new EncoderSpec("resnet50", 0.0625, false, 3, 64);
        byte[] pixels = new byte[0];
        for (int i = 0; i < 6; i++) {
            byte[] one = ImageFolder.pixels(TestImages.photo(90 + 7 * i, 70 + 5 * i, i), 64, 3, 0.875);
            byte[] grown = java.util.Arrays.copyOf(pixels, pixels.length + one.length);
            System.arraycopy(one, 0, grown, pixels.length, one.length);
            pixels = grown;
        }
        assertMatches(spec, pixels, 6, RGB_MEAN, RGB_STD, tmp);
    }

    @Test
    void aViTOnFashionMnistMatchesTheEmbedder(@TempDir Path tmp) throws Exception {
        EncoderSpec spec = new EncoderSpec("vit-tiny", 1.0, false, 1, 28, 7, true, true, VitRecipe.MOCOV3);
        assertMatches(spec, fashionMnist(8), 8, GRAY_MEAN, GRAY_STD, tmp);
    }

    private static byte[] fashionMnist(int n) {
        ImageSet test = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TEST);
        return test.gather(IntStream.range(0, n).map(i -> i * 97).toArray());
    }

    private static void assertMatches(EncoderSpec spec, byte[] pixels, int n, float[] mean, float[] std, Path tmp)
            throws OrtException {
        Encoder encoder = ExportRoundTripTest.trained(spec, 11);
        Path weights = tmp.resolve("encoder.safetensors");
        Path onnx = tmp.resolve("encoder.onnx");
        EncoderExport.write(encoder, spec, WeightFormat.SAFETENSORS, weights);
        List<String> python =
                EncoderExport.write(encoder, spec, WeightFormat.ONNX, onnx, new Preprocessing(mean, std, 1.0), true);
        assertTrue(python.stream().anyMatch(l -> l.contains("transforms.CenterCrop(" + spec.imageSize() + ")")));
        float[][] want;
        try (Embedder embedder = Embedder.fromWeights(weights, spec, new Normalization(mean, std), Device.CPU, true)) {
            want = embedder.embedPixels(pixels, n);
        }
        float[] input = new float[pixels.length];
        for (int i = 0; i < input.length; i++) input[i] = (pixels[i] & 0xff) / 255f;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
                OnnxTensor image = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {
                    n, spec.inChannels(), spec.imageSize(), spec.imageSize()
                });
                OrtSession.Result result = session.run(Map.of("image", image))) {
            float[][] got = (float[][]) result.get("embedding").orElseThrow().getValue();
            assertEquals(n, got.length);
            float worst = 0;
            for (int i = 0; i < n; i++) {
                assertEquals(want[i].length, got[i].length);
                for (int j = 0; j < got[i].length; j++) worst = Math.max(worst, Math.abs(got[i][j] - want[i][j]));
            }
            assertTrue(worst <= 1e-4, spec.describe() + ": ONNX Runtime differs from the embedder by " + worst);
        }
    }
}
