package io.snclr.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.engine.Device;
import io.snclr.engine.ImageOps;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class BatchAugmenterTest extends TorchTest {
    private static Tensor images(int n, int c, int side) {
        byte[] px = new byte[n * c * side * side];
        new Random(7).nextBytes(px);
        return Tensors.bytes(px, n, c, side, side);
    }

    private static BatchAugmenter augmenter(int channels, long seed) {
        float[] mean = new float[channels], std = new float[channels];
        Arrays.fill(mean, 0.5f);
        Arrays.fill(std, 0.25f);
        return new BatchAugmenter(
                ViewPreset.BYOL.first().withCropMin(0.2),
                ViewPreset.BYOL.second().withCropMin(0.2),
                new Normalization(mean, std),
                seed,
                Device.CPU);
    }

    @Test
    void viewsKeepShapeAndStayInTheNormalisedRange() {
        for (int c : new int[] {1, 3}) {
            Tensor[] v = augmenter(c, 1).views(images(8, c, 28), 0);
            for (Tensor view : v) {
                assertArrayEquals(new long[] {8, c, 28, 28}, view.shape());
                for (float x : Tensors.toFloats(view)) {
                    assertTrue(x >= -2.0001f && x <= 2.0001f, "value " + x + " outside [(0-0.5)/0.25, (1-0.5)/0.25]");
                }
            }
        }
    }

    /**
     * A view frees each transform's intermediates as it goes: what stays alive in the caller's scope is a handful of
     * tensors, not the ~100 whole-batch temporaries of the colour transforms (0.6 GB at 224 px, batch 8).
     */
    @Test
    void viewsFreeTheirIntermediatesAsTheyGo() {
        Tensor x = images(8, 3, 32);
        BatchAugmenter augmenter = augmenter(3, 2);
        try (Scope s = Scope.open()) {
            long before = Pointer.totalCount();
            Tensor[] v = augmenter.views(x, 0);
            long alive = Pointer.totalCount() - before;
            assertTrue(alive <= 16, alive + " native objects alive after the two views, expected at most 16");
            assertArrayEquals(new long[] {8, 3, 32, 32}, v[1].shape());
        }
    }

    @Test
    void viewsAreAFunctionOfSeedAndStep() {
        Tensor x = images(4, 3, 16);
        float[] a = Tensors.toFloats(augmenter(3, 5).views(x, 3)[0]);
        float[] b = Tensors.toFloats(augmenter(3, 5).views(x, 3)[0]);
        float[] otherStep = Tensors.toFloats(augmenter(3, 5).views(x, 4)[0]);
        float[] otherSeed = Tensors.toFloats(augmenter(3, 6).views(x, 3)[0]);
        assertArrayEquals(a, b);
        assertNotEquals(Arrays.hashCode(a), Arrays.hashCode(otherStep));
        assertNotEquals(Arrays.hashCode(a), Arrays.hashCode(otherSeed));
        float[] v1 = Tensors.toFloats(augmenter(3, 5).views(x, 3)[1]);
        assertNotEquals(Arrays.hashCode(a), Arrays.hashCode(v1), "the two views differ");
    }

    @Test
    void blurWithZeroSigmaIsIdentityAndIdentityWarpKeepsTheImage() {
        Tensor x = Tensors.toFloat(images(2, 1, 12)).div(Tensors.scalar(255));
        Tensor same = ImageOps.gaussianBlur(x, Tensors.floats(new float[] {0, 0}, 2), 1);
        assertArrayEquals(Tensors.toFloats(x), Tensors.toFloats(same), 1e-6f);
        Tensor theta = Tensors.floats(new float[] {1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0}, 2, 2, 3);
        assertArrayEquals(Tensors.toFloats(x), Tensors.toFloats(ImageOps.warpAffine(x, theta, 12, 12)), 1e-5f);
        Tensor blurred = ImageOps.gaussianBlur(x, Tensors.floats(new float[] {2, 2}, 2), 1);
        assertTrue(Tensors.item(blurred.std()) < Tensors.item(x.std()), "blur lowers contrast");
        assertEquals(6, BatchAugmenter.blurRadius(2.0, 28, 28), "±3σ at σ = 2, whatever the image size");
        assertEquals(6, BatchAugmenter.blurRadius(2.0, 224, 224));
        assertEquals(3, BatchAugmenter.blurRadius(2.0, 4, 4), "the reflecting pad stays inside the image");
    }
}
