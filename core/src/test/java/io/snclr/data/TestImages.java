package io.snclr.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/** Generated image files for the data tests: every kind a real collection holds, good and bad. */
public final class TestImages {
    private TestImages() {}

    /** An RGB image of smooth colour with noise, so that JPEG has something to compress. */
    public static BufferedImage photo(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int base = r.nextInt(0xffffff);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int red = ((base >> 16 & 0xff) + x * 255 / w) / 2 + r.nextInt(20);
                int green = ((base >> 8 & 0xff) + y * 255 / h) / 2 + r.nextInt(20);
                int blue = (base & 0xff) / 2 + r.nextInt(40);
                img.setRGB(x, y, Math.min(255, red) << 16 | Math.min(255, green) << 8 | Math.min(255, blue));
            }
        }
        return img;
    }

    public static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) throw new IOException("no writer for " + format);
        return out.toByteArray();
    }

    /**
     * A valid PNG of {@code width × height} zero samples (16-bit RGBA): under a megabyte on disk, 8 bytes a pixel
     * decoded, the image a client sends to exhaust a service that stays under its per-image pixel limit.
     */
    public static byte[] zeroPng16Rgba(int width, int height) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
            byte[] row = new byte[1 + width * 8]; // filter byte 0, then zeros
            for (int y = 0; y < height; y++) z.write(row);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(
                png,
                "IHDR",
                ByteBuffer.allocate(13)
                        .putInt(width)
                        .putInt(height)
                        .put((byte) 16)
                        .put((byte) 6)
                        .put((byte) 0)
                        .put((byte) 0)
                        .put((byte) 0)
                        .array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(name);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A PNG whose header claims {@code width × height} but holds no pixels: a decompression bomb's header. */
    public static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                .putInt(13)
                .put(ihdr.array())
                .putInt((int) crc.getValue());
        CRC32 end = new CRC32();
        end.update("IEND".getBytes(StandardCharsets.US_ASCII));
        png.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt((int) end.getValue());
        return png.array();
    }

    public static byte[] cmykJpeg() throws IOException {
        try (InputStream in = TestImages.class.getResourceAsStream("/images/cmyk.jpg")) {
            return in.readAllBytes();
        }
    }

    /**
     * A collection of every kind: good files of mixed sizes and aspect ratios (RGB and grayscale JPEG, CMYK JPEG, PNG
     * with alpha, 16-bit PNG) and bad ones (truncated, zero-byte, not an image, a bomb), by name; the bad names start
     * with "bad-".
     */
    public static Map<String, byte[]> zoo() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("wide.jpg", encode(photo(320, 120, 1), "jpg"));
        files.put("tall.jpg", encode(photo(90, 260, 2), "jpg"));
        files.put("square.png", encode(photo(64, 64, 3), "png"));
        BufferedImage gray = new BufferedImage(80, 60, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 60; y++)
            for (int x = 0; x < 80; x++) gray.getRaster().setSample(x, y, 0, 100);
        files.put("gray.jpg", encode(gray, "jpg"));
        files.put("cmyk.jpg", cmykJpeg());
        BufferedImage alpha = new BufferedImage(40, 40, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 40; y++) for (int x = 20; x < 40; x++) alpha.setRGB(x, y, 0xFF0000FF);
        files.put("alpha.png", encode(alpha, "png"));
        BufferedImage deep = new BufferedImage(30, 20, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 20; y++)
            for (int x = 0; x < 30; x++) deep.getRaster().setSample(x, y, 0, 51400); // 200 · 257
        files.put("deep16.png", encode(deep, "png"));
        byte[] whole = encode(photo(200, 150, 4), "jpg");
        files.put("bad-truncated.jpg", Arrays.copyOf(whole, whole.length / 2));
        files.put("bad-empty.jpg", new byte[0]);
        files.put("bad-text.png", "this is not an image\n".getBytes(StandardCharsets.UTF_8));
        files.put("bad-bomb.png", pngHeaderOnly(30000, 30000));
        return files;
    }

    /** Writes {@code files} under {@code dir}. */
    public static List<Path> write(Path dir, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (var e : files.entrySet()) out.add(Files.write(dir.resolve(e.getKey()), e.getValue()));
        return out;
    }

    /** A POSIX ustar archive of {@code members} (name → bytes), in order. */
    public static void tar(Path file, Map<String, byte[]> members) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (var e : members.entrySet()) {
                byte[] h = new byte[512];
                put(h, 0, e.getKey());
                put(h, 100, "0000644");
                put(h, 108, "0000000");
                put(h, 116, "0000000");
                put(h, 124, String.format("%011o", e.getValue().length));
                put(h, 136, String.format("%011o", 0));
                for (int i = 148; i < 156; i++) h[i] = ' ';
                h[156] = '0';
                put(h, 257, "ustar");
                h[262] = 0;
                h[263] = '0';
                h[264] = '0';
                long sum = 0;
                for (byte b : h) sum += b & 0xff;
                put(h, 148, String.format("%06o", sum));
                h[154] = 0;
                h[155] = ' ';
                out.write(h);
                out.write(e.getValue());
                out.write(new byte[(512 - e.getValue().length % 512) % 512]);
            }
            out.write(new byte[1024]);
        }
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
