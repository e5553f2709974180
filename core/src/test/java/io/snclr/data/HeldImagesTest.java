package io.snclr.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.augment.BatchAugmenter;
import io.snclr.augment.Normalization;
import io.snclr.augment.ViewPreset;
import io.snclr.engine.Device;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images held in memory are held whole: training crops see the whole picture, as torchvision crops the file, and
 * the evaluation view is Resize + CenterCrop at the configured share of the shorter side.
 */
class HeldImagesTest {
    /** 96×32: a red third, a green third, a blue third; the centred square is all green. */
    private static Path stripes(Path root) throws Exception {
        BufferedImage img = new BufferedImage(96, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 96; x++) img.setRGB(x, y, x < 32 ? 0xFF0000 : x < 64 ? 0x00FF00 : 0x0000FF);
        }
        Path dir = Files.createDirectories(root.resolve("a"));
        for (int i = 0; i < 4; i++)
            ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
        return root;
    }

    private static ImageSet inMemory(Path root, Double centerCrop) {
        return new DataSplits(DataConfig.DEFAULT
                        .withSource(root.toString(), null)
                        .withImages(16, 3, centerCrop)
                        .withLoading(LoadMode.MEMORY, 1, 0.05))
                .train(0);
    }

    @Test
    void trainingCropsSeeTheWholePictureNotItsCentredSquare(@TempDir Path tmp) throws Exception {
        ImageSet set = inMemory(stripes(tmp), null);
        assertNotNull(set.originals(), "held whole");
        BatchAugmenter aug = new BatchAugmenter(
                ViewPreset.BYOL.first(),
                ViewPreset.BYOL.second(),
                new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1}),
                0,
                Device.CPU);
        boolean red = false, blue = false;
        for (int step = 0; step < 40 && !(red && blue); step++) {
            byte[] crops = set.originals().decodeViews(new int[] {0, 1, 2, 3}, aug.crops(step, 0))[0];
            for (int i = 0; i < 4; i++) {
                int r = 0, b = 0;
                for (int p = 0; p < 256; p++) {
                    r += crops[i * 768 + p] & 0xff;
                    b += crops[i * 768 + 512 + p] & 0xff;
                }
                red |= r > 200 * 256;
                blue |= b > 200 * 256;
            }
        }
        assertTrue(red && blue, "crops from the left and right thirds, outside the centred square");
        byte[] eval = set.gather(new int[] {0});
        assertEquals(255, eval[256 + 8 * 16 + 8] & 0xff, "the evaluation view is the centre: green");
        assertEquals(0, eval[8 * 16 + 8] & 0xff);
    }

    @Test
    void theEvaluationViewIsTheCentreShareOfTheShorterSide(@TempDir Path tmp) throws Exception {
        BufferedImage ring = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                boolean inside = x >= 5 && x < 59 && y >= 5 && y < 59; // the centre 54 px; 0.875 keeps 56
                ring.setRGB(x, y, inside ? 0x00FF00 : 0xFF0000);
            }
        }
        Path dir = Files.createDirectories(tmp.resolve("a"));
        ImageIO.write(ring, "png", dir.resolve("0.png").toFile());
        ImageIO.write(ring, "png", dir.resolve("1.png").toFile());
        byte[] whole = inMemory(tmp, 1.0).gather(new int[] {0});
        byte[] centre = inMemory(tmp, 0.5).gather(new int[] {0});
        assertTrue((whole[0] & 0xff) > 200, "the whole image keeps the red border");
        for (int p = 0; p < 256; p++) assertTrue((centre[p] & 0xff) < 30, "the centre half is green, pixel " + p);
    }
}
