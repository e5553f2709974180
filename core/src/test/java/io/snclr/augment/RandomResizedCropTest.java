package io.snclr.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.data.StreamedImages.Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The crops of streamed images follow torchvision's RandomResizedCrop: area, aspect ratio and position. */
class RandomResizedCropTest {
    private static final ViewConfig VIEW = ViewPreset.BYOL.first();
    private static final int DRAWS = 20_000;

    /**
     * On a large square image every crop of at most half the area fits at the first draw, so there the area fraction
     * is uniform (as scale ~ U(0.08, 1) restricted), the log aspect ratio uniform in [log 3/4, log 4/3] and the left
     * edge uniform over the free width: Kolmogorov-Smirnov at the 1 % level.
     */
    @Test
    void areaRatioAndPositionAreDistributedAsTorchvisions() {
        int side = 2000;
        SplittableRandom rng = new SplittableRandom(42);
        List<Double> area = new ArrayList<>(), logRatio = new ArrayList<>(), left = new ArrayList<>();
        int flips = 0;
        for (int i = 0; i < DRAWS; i++) {
            Region r = RandomResizedCrop.sample(VIEW, side, side, rng);
            if (r.flip()) flips++;
            assertTrue(r.x() >= 0 && r.y() >= 0 && r.x() + r.w() <= side && r.y() + r.h() <= side, "inside the image");
            double a = (double) r.w() * r.h() / ((double) side * side);
            if (a > 0.5) continue;
            area.add((a - 0.08) / (0.5 - 0.08));
            logRatio.add((Math.log((double) r.w() / r.h()) - Math.log(0.75)) / (Math.log(4.0 / 3) - Math.log(0.75)));
            left.add((r.x() + 0.5) / (side - r.w() + 1));
        }
        assertUniform(area, "area fraction");
        assertUniform(logRatio, "log aspect ratio");
        assertUniform(left, "left edge");
        assertEquals(0.5, flips / (double) DRAWS, 0.02, "flip probability");
    }

    /** Where nothing fits (a very wide image and large areas), the centred crop of the widest allowed ratio. */
    @Test
    void aVeryWideImageFallsBackToTheCentredCropOfRatioFourThirds() {
        ViewConfig whole = new ViewConfig(1.0, 1.0, 3.0 / 4.0, 4.0 / 3.0, 0.0, 0, 0, 0, 0, 0, 0, 0, 0.1, 2, 0, 0.5);
        Region r = RandomResizedCrop.sample(whole, 1000, 100, new SplittableRandom(1));
        assertEquals(100, r.h());
        assertEquals(133, r.w());
        assertEquals((1000 - 133) / 2, r.x());
        assertEquals(0, r.y());
        Region square = RandomResizedCrop.sample(whole, 120, 100, new SplittableRandom(1));
        assertEquals(120 * 100, square.w() * square.h(), "scale 1 on a ratio in range: the whole image");
    }

    private static void assertUniform(List<Double> sample, String what) {
        double[] x = sample.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double d = 0;
        for (int i = 0; i < x.length; i++)
            d = Math.max(d, Math.max(Math.abs((i + 1.0) / x.length - x[i]), Math.abs(x[i] - (double) i / x.length)));
        double critical = 1.63 / Math.sqrt(x.length);
        assertTrue(x.length > DRAWS / 4, what + ": too few accepted crops " + x.length);
        assertTrue(
                d < critical,
                what + ": KS distance " + d + " >= " + critical + " over " + x.length + " crops; "
                        + Arrays.toString(Arrays.copyOf(x, 5)));
    }
}
