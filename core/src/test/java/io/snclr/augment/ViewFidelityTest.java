package io.snclr.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.engine.Device;
import io.snclr.engine.ImageOps;
import io.snclr.engine.Tensors;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** The views are torchvision's / PIL's: an untruncated blur, colour jitter in a random order, hue shifted in HSV. */
class ViewFidelityTest extends TorchTest {
    /** A view that only blurs, with σ = 2: on a 28 px impulse its profile is the Gaussian's out to ±3σ. */
    @Test
    void blurOfAnImpulseIsTheGaussianOutToThreeSigma() {
        int side = 28, c = side / 2;
        byte[] px = new byte[side * side];
        px[c * side + c] = (byte) 255;
        ViewConfig blurOnly = new ViewConfig(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 0, 0.5);
        BatchAugmenter aug = new BatchAugmenter(
                blurOnly, blurOnly, new Normalization(new float[] {0}, new float[] {1}), 0, Device.CPU);
        float[] out = Tensors.toFloats(aug.view(Tensors.bytes(px, 1, 1, side, side), blurOnly, 0, 0));
        double norm = 0;
        for (int x = -6; x <= 6; x++) norm += Math.exp(-x * x / 8.0);
        for (int dx = 0; dx <= 6; dx++) {
            double expected = Math.exp(-dx * dx / 8.0) / norm * (1 / norm); // separable: the centre row times g(dx)
            assertEquals(expected, out[c * side + c + dx], 2e-3 * expected + 1e-6, "offset " + dx);
        }
    }

    @Test
    void jitterRunsItsPartsInAnOrderDrawnPerImage() {
        ViewConfig always = ViewPreset.BYOL.first().withCropMin(1.0);
        ViewConfig jitterAlways =
                new ViewConfig(1, 1, 0.75, 4.0 / 3, 0.5, 1.0, 0.4, 0.4, 0.2, 0.1, 0, 0, 0.1, 2, 0, 0.5);
        ViewParams p = ViewParams.draw(jitterAlways, 64, new SplittableRandom(7));
        Set<String> orders = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            int[] o = java.util.Arrays.copyOfRange(p.jitterOrder(), i * 4, i * 4 + 4);
            orders.add(java.util.Arrays.toString(o));
            assertEquals(Set.of(0, 1, 2, 3), Set.of(o[0], o[1], o[2], o[3]), "a permutation of the four parts");
        }
        assertTrue(orders.size() > 10, "orders vary between the images of one batch: " + orders);
        ViewParams again = ViewParams.draw(jitterAlways, 64, new SplittableRandom(7));
        assertEquals(
                java.util.Arrays.toString(p.jitterOrder()),
                java.util.Arrays.toString(again.jitterOrder()),
                "a pure function of the seed");
        assertTrue(always.jitterP() == 0.8);
    }

    /** An image's jitter is its own: the views of a batch equal each image's views computed alone. */
    @Test
    void anImagesJitterDoesNotDependOnTheOtherImagesOfItsBatch() {
        ViewConfig jitter = new ViewConfig(1, 1, 0.75, 4.0 / 3, 0.5, 0.8, 0.4, 0.4, 0.2, 0.1, 0, 0, 0.1, 2, 0, 0.5);
        int n = 16, side = 8, size = 3 * side * side;
        byte[] pixels = new byte[n * size];
        new Random(5).nextBytes(pixels);
        Tensor images = Tensors.bytes(pixels, n, 3, side, side);
        Normalization norm = new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});
        BatchAugmenter augmenter = new BatchAugmenter(jitter, jitter, norm, 11, Device.CPU);
        Tensor[] batch = augmenter.views(images, 3);
        for (int v = 0; v < 2; v++) {
            float[] whole = Tensors.toFloats(batch[v]);
            for (int i = 0; i < n; i++) {
                float[] alone = Tensors.toFloats(augmenter.views(images.narrow(0, i, 1), 3, i, n)[v]);
                for (int j = 0; j < size; j++) {
                    assertEquals(alone[j], whole[i * size + j], 1e-5, "view " + v + ", image " + i + ", value " + j);
                }
            }
        }
    }

    /** Hue moved in HSV, as torchvision's adjust_hue and PIL: checked against Java's own RGB/HSB conversion. */
    @Test
    void hueShiftIsARotationInHsv() {
        Random r = new Random(3);
        int n = 5, pixels = 40;
        float[] rgb = new float[n * 3 * pixels];
        for (int i = 0; i < rgb.length; i++) rgb[i] = r.nextFloat();
        float[] shift = {0.1f, -0.1f, 0.05f, 0.5f, 0f};
        float[] got =
                Tensors.toFloats(ImageOps.shiftHue(Tensors.floats(rgb, n, 3, 1, pixels), Tensors.floats(shift, n)));
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < pixels; p++) {
                int base = i * 3 * pixels;
                float[] hsb = java.awt.Color.RGBtoHSB(
                        Math.round(rgb[base + p] * 255),
                        Math.round(rgb[base + pixels + p] * 255),
                        Math.round(rgb[base + 2 * pixels + p] * 255),
                        null);
                float h = (hsb[0] + shift[i] + 1) % 1;
                int want = java.awt.Color.HSBtoRGB(h, hsb[1], hsb[2]);
                assertEquals((want >> 16 & 0xff) / 255.0, got[base + p], 0.012, "red, image " + i);
                assertEquals((want >> 8 & 0xff) / 255.0, got[base + pixels + p], 0.012, "green, image " + i);
                assertEquals((want & 0xff) / 255.0, got[base + 2 * pixels + p], 0.012, "blue, image " + i);
            }
        }
    }
}
