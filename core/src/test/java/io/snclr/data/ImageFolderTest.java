package io.snclr.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @Test
    void classFoldersWithAlphaPngGrayJpegAndACorruptFile(@TempDir Path root) throws IOException {
        Path cats = Files.createDirectories(root.resolve("cat"));
        Path dogs = Files.createDirectories(root.resolve("dog").resolve("nested"));
        BufferedImage alpha = new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 30; y++) for (int x = 0; x < 40; x++) alpha.setRGB(x, y, x < 20 ? 0x00000000 : 0xFFFF0000);
        ImageIO.write(alpha, "png", cats.resolve("a.png").toFile());
        BufferedImage gray = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++) gray.getRaster().setSample(x, y, 0, 128);
        ImageIO.write(gray, "jpg", dogs.resolve("b.JPG").toFile());
        Files.write(dogs.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        Files.writeString(root.resolve("cat").resolve("notes.txt"), "ignored");

        ImageFolder.Result r = ImageFolder.load(root, 8, 3);
        assertEquals(2, r.images().size());
        assertEquals(List.of("cat", "dog"), r.images().classNames());
        assertEquals(1, r.skipped().size());
        assertTrue(r.skipped().get(0).contains("broken.jpg"), r.skipped().get(0));
        byte[] px = r.images().gather(new int[] {0, 1});
        int plane = 64;
        // PNG: transparent left half composited on white, opaque right half red
        assertEquals(255, px[0] & 0xff);
        assertEquals(255, px[plane + 0] & 0xff);
        assertEquals(255, px[7] & 0xff);
        assertTrue((px[plane + 7] & 0xff) < 30, "right half of the PNG is red");
        // grayscale JPEG → three equal channels near 128
        int off = 3 * plane;
        int r0 = px[off] & 0xff, g0 = px[off + plane] & 0xff, b0 = px[off + 2 * plane] & 0xff;
        assertTrue(Math.abs(r0 - 128) < 6 && r0 == g0 && g0 == b0, r0 + "," + g0 + "," + b0);
        assertEquals(1, r.images().labels()[1]);

        ImageFolder.Result mono = ImageFolder.load(root, 8, 1);
        assertEquals(64, mono.images().imageBytes());
    }

    @Test
    void flatFolderIsUnlabelledAndAnEmptyOneIsAnError(@TempDir Path root) throws IOException {
        BufferedImage img = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(img, "png", root.resolve("x.png").toFile());
        ImageFolder.Result r = ImageFolder.load(root, 8, 3);
        assertEquals(-1, r.images().labels()[0]);
        assertTrue(!r.images().hasLabels());
        Path empty = Files.createDirectories(root.resolve("empty-root"));
        Files.delete(root.resolve("x.png"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> ImageFolder.load(empty, 8, 3));
        assertTrue(e.getMessage().contains(empty.toString()));
    }

    /** A PNG whose header claims 30000×30000 (the pixels are never there): refused from the header alone. */
    @Test
    void aDecompressionBombIsRefusedBeforeDecodingAndATruncatedJpegIsSkipped(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("a"));
        Files.write(dir.resolve("bomb.png"), pngHeaderOnly(30000, 30000));
        BufferedImage noise = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(1);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) noise.setRGB(x, y, rnd.nextInt());
        Path full = dir.resolve("whole.jpg");
        ImageIO.write(noise, "jpg", full.toFile());
        byte[] bytes = Files.readAllBytes(full);
        Files.write(dir.resolve("half.jpg"), Arrays.copyOf(bytes, bytes.length / 2));
        Files.write(dir.resolve("empty.png"), new byte[0]);

        ImageFolder.Result r = ImageFolder.load(root, 8, 3);
        assertEquals(1, r.images().size(), "only the whole JPEG is kept: " + r.skipped());
        assertEquals(3, r.skipped().size());
        String bomb = r.skipped().stream()
                .filter(s -> s.contains("bomb.png"))
                .findFirst()
                .orElseThrow();
        assertTrue(bomb.contains("30000x30000") && bomb.contains("limit"), bomb);
        String half = r.skipped().stream()
                .filter(s -> s.contains("half.jpg"))
                .findFirst()
                .orElseThrow();
        assertTrue(half.contains("truncated"), half);
    }

    /**
     * Bytes after a PNG's IEND chunk (some tools append metadata there; libpng and PIL read such files) leave the image
     * whole, while a PNG cut before its IEND is reported as truncated.
     */
    @Test
    void aPngWithBytesAfterItsEndIsAnImageAndACutOneIsTruncated(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("a"));
        byte[] png = TestImages.encode(TestImages.photo(40, 30, 3), "png");
        byte[] trailing = java.util.Arrays.copyOf(png, png.length + 300);
        java.util.Arrays.fill(trailing, png.length, trailing.length, (byte) 7);
        Files.write(dir.resolve("trailing.png"), trailing);
        Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(png, png.length - 20));
        ImageFolder.Result r = ImageFolder.load(root, 8, 3);
        assertEquals(1, r.images().size(), "the PNG with trailing bytes is kept: " + r.skipped());
        assertEquals(1, r.skipped().size());
        assertTrue(
                r.skipped().get(0).contains("cut.png") && r.skipped().get(0).contains("truncated"),
                r.skipped().get(0));
    }

    /**
     * A file whose name this JVM cannot represent (a byte that is not UTF-8) is left out with that reason, instead of
     * being recorded under a name that points at nothing.
     */
    @Test
    void aFileNameThatIsNotUtf8IsLeftOutWithItsReason(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("a"));
        Path good = dir.resolve("good.png");
        Files.write(good, TestImages.encode(TestImages.photo(40, 30, 5), "png"));
        Process cp = new ProcessBuilder("/bin/sh", "-c", "cp good.png \"$(printf 'bad\\377.png')\"")
                .directory(dir.toFile())
                .start();
        assertEquals(0, cp.waitFor());
        ImageFolder.Result r = ImageFolder.load(root, 8, 3);
        assertEquals(1, r.images().size(), r.skipped().toString());
        assertEquals(1, r.skipped().size(), r.skipped().toString());
        assertTrue(r.skipped().get(0).contains("file name"), r.skipped().get(0));
    }

    /** Labels of a test split are its folder names in the training split's classes, not positions. */
    @Test
    void testLabelsAreMatchedByClassName(@TempDir Path root) throws IOException {
        for (String c : new String[] {"train/a", "train/b", "test/b", "test/z"}) {
            Path d = Files.createDirectories(root.resolve(c));
            ImageIO.write(
                    new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB),
                    "png",
                    d.resolve("x.png").toFile());
        }
        DataConfig cfg = DataConfig.DEFAULT
                .withSource(root.resolve("train").toString(), root.resolve("test"))
                .withImages(8, 3, null);
        ImageSet train = new DataSplits(cfg).train(0);
        ImageSet test = new DataSplits(cfg).test(0, train);
        assertEquals(List.of("a", "b"), test.classNames());
        assertEquals(1, test.size(), "the image of class z, unknown to the training data, cannot be scored");
        assertEquals(1, test.labels()[0], "class b is label 1 in the training split, though the first test folder");
    }

    private static byte[] pngHeaderOnly(int width, int height) {
        return TestImages.pngHeaderOnly(width, height);
    }
}
