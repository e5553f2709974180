package io.snclr.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.engine.ImageCodec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file index (folders and tar shards), its cache, and the streaming decoder's crops and failure handling. */
class StreamingDataTest {

    @Test
    void aFolderOfEveryKindIsIndexedTheBadFilesLeftOutWithTheirReasons(@TempDir Path root) throws IOException {
        TestImages.write(root.resolve("a"), TestImages.zoo());
        FileIndex index = FileIndex.open(root, 2);
        assertEquals(7, index.size(), "the seven good files");
        assertEquals(4, index.skipped().size(), index.skipped().toString());
        assertSkipped(index, "bad-truncated.jpg", "truncated");
        assertSkipped(index, "bad-empty.jpg", "empty file");
        assertSkipped(index, "bad-text.png", "not a JPEG or PNG");
        assertSkipped(index, "bad-bomb.png", "30000x30000");
        StreamedImages px = new StreamedImages(index, 16, 3, 2, 0.05, 1.0);
        int plane = 256;
        byte[] cmyk = image(px, index, "cmyk.jpg");
        assertNear(new int[] {220, 30, 30}, rgb(cmyk, plane, 16 * 8 + 2), 25, "CMYK JPEG, left half");
        assertNear(new int[] {30, 30, 220}, rgb(cmyk, plane, 16 * 8 + 13), 25, "CMYK JPEG, right half");
        byte[] alpha = image(px, index, "alpha.png");
        assertNear(
                new int[] {255, 255, 255}, rgb(alpha, plane, 16 * 8 + 1), 2, "transparent pixels composited on white");
        assertNear(new int[] {0, 0, 255}, rgb(alpha, plane, 16 * 8 + 14), 2, "opaque blue");
        assertNear(
                new int[] {200, 200, 200},
                rgb(image(px, index, "deep16.png"), plane, 40),
                1,
                "16-bit PNG scaled to 8 bits");
        assertNear(new int[] {100, 100, 100}, rgb(image(px, index, "gray.jpg"), plane, 40), 3, "grayscale JPEG as RGB");
        StreamedImages mono = new StreamedImages(index, 16, 1, 1, 0.05, 1.0);
        byte[] one = new byte[256];
        mono.read(indexOf(index, "cmyk.jpg"), one, 0);
        assertEquals(0.299 * 220 + 0.587 * 30 + 0.114 * 30, one[16 * 8 + 2] & 0xff, 25, "CMYK JPEG as luminance");
    }

    @Test
    void aTarShardIsIndexedWithItsClsLabelsAndReadInPlace(@TempDir Path root) throws IOException {
        Map<String, byte[]> zoo = TestImages.zoo();
        Map<String, byte[]> members = new LinkedHashMap<>();
        int k = 0;
        for (var e : zoo.entrySet()) {
            String key = "sample" + (k++);
            members.put("part/" + key + "." + e.getKey().replaceAll(".*\\.", ""), e.getValue());
            members.put(
                    "part/" + key + ".cls", String.valueOf(k % 3 == 0 ? 7 : 2).getBytes(StandardCharsets.UTF_8));
        }
        Path shards = Files.createDirectories(root.resolve("shards"));
        TestImages.tar(shards.resolve("shard-000.tar"), members);
        FileIndex index = FileIndex.open(shards, 2);
        assertEquals(FileIndex.Kind.TAR, index.kind());
        assertEquals(7, index.size());
        assertEquals(4, index.skipped().size(), index.skipped().toString());
        assertEquals(List.of("2", "7"), index.classNames(), "classes are the .cls numbers, sorted");
        List<byte[]> good = zoo.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("bad-"))
                .map(Map.Entry::getValue)
                .toList();
        for (int i = 0; i < index.size(); i++)
            assertArrayEquals(good.get(i), index.read(i), "member " + i + " read in place");
        FileIndex single = FileIndex.open(shards.resolve("shard-000.tar"), 1);
        assertEquals(7, single.size(), "one .tar file as the source");
        assertArrayEquals(index.labels(), single.labels());
    }

    @Test
    void anEpochOverTarShardsReadsFourShardsAtATime(@TempDir Path root) throws IOException {
        byte[] jpg = TestImages.encode(TestImages.photo(40, 30, 1), "jpg");
        for (int s = 0; s < 6; s++) {
            Map<String, byte[]> members = new LinkedHashMap<>();
            for (int i = 0; i < 10; i++) members.put(s + "-" + i + ".jpg", jpg);
            TestImages.tar(root.resolve("shard-" + s + ".tar"), members);
        }
        FileIndex index = FileIndex.open(root, 2);
        assertEquals(60, index.size());
        ImageSet set = new ImageSet(
                "shards", 3, 8, 8, new StreamedImages(index, 8, 3, 1, 0.05, 1.0), index.labels(), List.of());
        int[] order = set.epochOrder(new SplittableRandom(3));
        assertArrayEquals(
                IntStream.range(0, 60).toArray(), Arrays.stream(order).sorted().toArray(), "every image once");
        Set<Integer> firstWindow = new HashSet<>();
        for (int j = 0; j < 40; j++) firstWindow.add(index.entries().file()[order[j]]);
        assertEquals(4, firstWindow.size(), "the first 40 images come from 4 shards");
        assertTrue(!Arrays.equals(order, set.epochOrder(new SplittableRandom(4))), "each epoch its own order");
    }

    @Test
    void theIndexIsCachedAndBuiltAgainWhenTheFolderChangesOrTheCacheIsDamaged(@TempDir Path root) throws IOException {
        TestImages.write(root.resolve("cat"), Map.of("a.jpg", TestImages.encode(TestImages.photo(40, 30, 1), "jpg")));
        TestImages.write(root.resolve("dog"), Map.of("b.png", TestImages.encode(TestImages.photo(30, 40, 2), "png")));
        FileIndex first = FileIndex.open(root, 1);
        Path cache = IndexCache.location(root.toAbsolutePath());
        assertTrue(Files.isRegularFile(cache), "the index is cached at " + cache);
        long written = Files.getLastModifiedTime(cache).toMillis();
        String text = Files.readString(cache);
        FileIndex again = FileIndex.open(root, 1);
        assertEquals(text, Files.readString(cache), "a fresh cache is read, not rewritten");
        assertEquals(written, Files.getLastModifiedTime(cache).toMillis());
        assertArrayEquals(first.entries().width(), again.entries().width());
        assertEquals(List.of("cat", "dog"), again.classNames());
        assertEquals(1, ImageFolder.list(root).classNames().indexOf("dog"), "the cache's hidden folder is no class");

        TestImages.write(root.resolve("dog"), Map.of("c.jpg", TestImages.encode(TestImages.photo(50, 50, 3), "jpg")));
        assertEquals(3, FileIndex.open(root, 1).size(), "a new file is seen: the folder's time changed");

        Files.writeString(cache, Files.readString(cache).replaceFirst("\t50\t50\t", "\t51\t50\t"));
        FileIndex rebuilt = FileIndex.open(root, 1);
        assertEquals(3, rebuilt.size());
        for (int i = 0; i < rebuilt.size(); i++)
            assertNotEquals(51, rebuilt.entries().width()[i], "a damaged cache is never used");
        assertTrue(Files.readString(cache).contains("\t50\t50\t"), "and it is written again");
    }

    @Test
    void cropsCutTheOriginalImageTheSameWhicheverWorkerDecodesThem(@TempDir Path root) throws IOException {
        BufferedImage halves = new BufferedImage(300, 100, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 100; y++) for (int x = 0; x < 300; x++) halves.setRGB(x, y, x < 150 ? 0 : 0xFFFFFF);
        BufferedImage ramp = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) ramp.setRGB(x, y, (x * 4) * 0x010101);
        TestImages.write(
                root,
                Map.of("halves.png", TestImages.encode(halves, "png"), "ramp.png", TestImages.encode(ramp, "png")));
        for (int i = 0; i < 10; i++) {
            TestImages.write(
                    root, Map.of("p" + i + ".jpg", TestImages.encode(TestImages.photo(200 + 13 * i, 150, i), "jpg")));
        }
        FileIndex index = FileIndex.open(root, 2);
        StreamedImages px = new StreamedImages(index, 16, 3, 1, 0.05, 1.0);
        int h = indexOf(index, "halves.png"), r = indexOf(index, "ramp.png");
        byte[][] right = px.decodeViews(new int[] {h}, (p, w, hh) -> new StreamedImages.Region[] {
            new StreamedImages.Region(150, 0, 150, 100, false), new StreamedImages.Region(0, 0, 150, 100, false)
        });
        for (int i = 0; i < 3 * 256; i++) {
            assertEquals(255, right[0][i] & 0xff, "the right half is white");
            assertEquals(0, right[1][i] & 0xff, "the left half is black");
        }
        byte[][] ramps = px.decodeViews(new int[] {r}, (p, w, hh) -> new StreamedImages.Region[] {
            new StreamedImages.Region(0, 0, 64, 64, false), new StreamedImages.Region(0, 0, 64, 64, true)
        });
        for (int x = 0; x < 16; x++) assertEquals(ramps[0][x] & 0xff, ramps[1][15 - x] & 0xff, 1, "mirrored at " + x);

        StreamedImages.CropSource random = (p, w, hh) -> {
            SplittableRandom g = new SplittableRandom(p * 31L + w);
            int cw = 1 + g.nextInt(w), ch = 1 + g.nextInt(hh);
            return new StreamedImages.Region[] {
                new StreamedImages.Region(g.nextInt(w - cw + 1), g.nextInt(hh - ch + 1), cw, ch, g.nextBoolean()),
                new StreamedImages.Region(0, 0, w, hh, false)
            };
        };
        int[] batch = IntStream.range(0, index.size()).toArray();
        byte[][] one = px.decodeViews(batch, random);
        byte[][] three = new StreamedImages(index, 16, 3, 3, 0.05, 1.0).decodeViews(batch, random);
        assertArrayEquals(one[0], three[0], "1 and 3 workers decode the same crops");
        assertArrayEquals(one[1], three[1]);
    }

    @Test
    void aJpegDecodedAtAQuarterOfItsSizeGivesNearlyTheSameSmallCrop() throws IOException {
        byte[] jpg = TestImages.encode(TestImages.photo(1024, 768, 5), "jpg");
        byte[] full = new byte[3 * 64 * 64], quarter = new byte[3 * 64 * 64];
        try (ImageCodec.Image a = ImageCodec.decode(jpg, true, 3, 1);
                ImageCodec.Image b = ImageCodec.decode(jpg, true, 3, 4)) {
            assertEquals(256, b.width());
            ImageCodec.crop(a, 128, 0, 768, 768, false, 64, full, 0);
            ImageCodec.crop(b, 32, 0, 192, 192, false, 64, quarter, 0);
        }
        double diff = 0;
        for (int i = 0; i < full.length; i++) diff += Math.abs((full[i] & 0xff) - (quarter[i] & 0xff));
        assertTrue(diff / full.length < 4, "mean absolute difference " + diff / full.length);
    }

    @Test
    void tooManyBadFilesStopTheRunWithOneClearLine(@TempDir Path root) throws IOException {
        Map<String, byte[]> zoo = TestImages.zoo();
        TestImages.write(root.resolve("x"), zoo);
        DataConfig strict = DataConfig.DEFAULT
                .withSource(root.toString(), null)
                .withImages(16, 3, null)
                .withLoading(LoadMode.STREAM, 1, 0.1);
        DataFormatException e = assertThrows(DataFormatException.class, () -> new DataSplits(strict).train(0));
        assertTrue(e.getMessage().contains("4 of 11") && e.getMessage().contains("--max-bad-fraction"), e.getMessage());
        DataConfig lenient = DataConfig.DEFAULT
                .withSource(root.toString(), null)
                .withImages(16, 3, null)
                .withLoading(LoadMode.STREAM, 1, 0.5);
        ImageSet set = new DataSplits(lenient).train(0);
        assertEquals(7, set.size());
        assertTrue(set.streamed() != null, "--load stream");
        DataConfig memory = DataConfig.DEFAULT
                .withSource(root.toString(), null)
                .withImages(16, 3, null)
                .withLoading(LoadMode.AUTO, 1, 0.5);
        ImageSet held = new DataSplits(memory).train(0);
        assertTrue(held.streamed() == null, "a small set is decoded into memory");
        assertArrayEquals(
                held.gather(new int[] {0, 3, 6}),
                set.gather(new int[] {0, 3, 6}),
                "memory and streaming give the same evaluation pixels");
    }

    @Test
    void anImageDamagedAfterIndexingIsReplacedCountedAndBounded(@TempDir Path root) throws IOException {
        byte[] png = TestImages.encode(TestImages.photo(60, 60, 9), "png");
        byte[] broken = png.clone();
        for (int i = 60; i < broken.length - 40; i++) broken[i] = (byte) 0x5A; // IDAT scrambled, header and IEND intact
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.png", png);
        for (int i = 0; i < 5; i++) files.put("b" + i + ".png", TestImages.encode(TestImages.photo(60, 60, i), "png"));
        TestImages.write(root, files);
        FileIndex index = FileIndex.open(root, 1);
        assertEquals(6, index.size(), "every image is sound when indexed");
        Files.write(root.resolve("a.png"), broken); // rewritten in place afterwards: only decoding can tell
        StreamedImages px = new StreamedImages(index, 8, 3, 1, 0.2, 1.0);
        byte[] got = px.gather(new int[] {0, 1});
        assertArrayEquals(
                Arrays.copyOfRange(got, 192, 384),
                Arrays.copyOfRange(got, 0, 192),
                "the broken image is replaced by the next one");
        assertEquals(1, px.failures().size());
        assertTrue(px.failures().keySet().iterator().next().endsWith("a.png"));
        StreamedImages strict = new StreamedImages(index, 8, 3, 1, 0.0, 1.0);
        strict.gather(new int[] {0}); // one failure is always tolerated
        assertEquals(1, strict.failures().size());
    }

    private static void assertSkipped(FileIndex index, String file, String reason) {
        String line = index.skipped().stream()
                .filter(s -> s.contains(file))
                .findFirst()
                .orElseThrow(() -> new AssertionError(file));
        assertTrue(line.contains(reason), line);
    }

    private static int indexOf(FileIndex index, String file) {
        for (int i = 0; i < index.size(); i++) if (index.name(i).endsWith("/" + file)) return i;
        throw new AssertionError(file + " not indexed");
    }

    private static byte[] image(StreamedImages px, FileIndex index, String file) {
        byte[] out = new byte[px.imageBytes()];
        px.read(indexOf(index, file), out, 0);
        return out;
    }

    private static int[] rgb(byte[] chw, int plane, int p) {
        return new int[] {chw[p] & 0xff, chw[plane + p] & 0xff, chw[2 * plane + p] & 0xff};
    }

    private static void assertNear(int[] expected, int[] got, int tolerance, String what) {
        for (int c = 0; c < 3; c++) {
            assertTrue(
                    Math.abs(expected[c] - got[c]) <= tolerance,
                    what + ": expected " + Arrays.toString(expected) + ", got " + Arrays.toString(got));
        }
    }
}
