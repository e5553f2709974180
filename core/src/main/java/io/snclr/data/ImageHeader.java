package io.snclr.data;

import java.io.IOException;

/**
 * What a JPEG or PNG file says about itself before any pixel is decoded: its format and size. Read from the first
 * bytes (PNG's IHDR, JPEG's start-of-frame), so a decompression bomb (a 100 KB file that claims 30000×30000) is
 * refused without allocating it, and from the last bytes, so a truncated file (no end marker) is refused too.
 */
public record ImageHeader(boolean jpeg, int width, int height) {
    /** The most pixels an image may claim (10000 × 10000); larger ones are refused before decoding. */
    public static final long MAX_PIXELS = 100_000_000L;
    /** How many leading bytes {@link #parse} may need: EXIF and ICC segments can push a JPEG's frame header back. */
    public static final int HEAD_BYTES = 256 * 1024;
    /** How many trailing bytes {@link #requireEnd} looks at. */
    public static final int TAIL_BYTES = 64;

    /**
     * @param head the file's first bytes ({@link #HEAD_BYTES} or the whole file if shorter)
     * @param fileLength the whole file's length
     * @throws IOException naming what is wrong: empty, not a JPEG/PNG, no size, too many pixels
     */
    public static ImageHeader parse(byte[] head, int headLength, long fileLength) throws IOException {
        if (fileLength == 0) throw new IOException("empty file (0 bytes)");
        ImageHeader h;
        if (headLength >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            h = png(head, headLength);
        } else if (headLength >= 3
                && (head[0] & 0xff) == 0xFF
                && (head[1] & 0xff) == 0xD8
                && (head[2] & 0xff) == 0xFF) {
            h = jpeg(head, headLength);
        } else {
            throw new IOException("not a JPEG or PNG image");
        }
        if (h.width < 1 || h.height < 1) throw new IOException("empty image (" + h.width + "x" + h.height + ")");
        if ((long) h.width * h.height > MAX_PIXELS) {
            throw new IOException(h.width + "x" + h.height + " pixels, above the limit of " + MAX_PIXELS
                    + " (a decompression bomb?)");
        }
        return h;
    }

    private static ImageHeader png(byte[] b, int n) throws IOException {
        if (n < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R')
            throw new IOException("damaged PNG header");
        return new ImageHeader(false, int32(b, 16), int32(b, 20));
    }

    /** Walks the marker segments to the first start-of-frame (SOF0..SOF15 but DHT, JPG and DAC). */
    private static ImageHeader jpeg(byte[] b, int n) throws IOException {
        int p = 2;
        while (p + 4 <= n) {
            if ((b[p] & 0xff) != 0xFF) throw new IOException("damaged JPEG: no marker at byte " + p);
            int marker = b[p + 1] & 0xff;
            if (marker == 0xFF) { // fill byte
                p++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // stand-alone markers have no length
                p += 2;
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA)
                throw new IOException("damaged JPEG: image data before any frame header");
            int length = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                if (p + 9 > n) break;
                int height = ((b[p + 5] & 0xff) << 8) | (b[p + 6] & 0xff);
                int width = ((b[p + 7] & 0xff) << 8) | (b[p + 8] & 0xff);
                return new ImageHeader(true, width, height);
            }
            if (length < 2) throw new IOException("damaged JPEG: segment of length " + length);
            p += 2 + length;
        }
        throw new IOException("damaged JPEG: no frame header in the first " + n + " bytes");
    }

    /**
     * Refuses a JPEG whose end-of-image marker is missing: it was cut off, and a decoder would otherwise fill the rest
     * with gray without complaint. A PNG's end is found by walking its chunks ({@link ImageIntegrity}), which also
     * accepts bytes after its IEND chunk, as libpng and PIL do.
     *
     * @param tail the file's last bytes ({@link #TAIL_BYTES} or fewer)
     */
    public void requireEnd(byte[] tail, int n) throws IOException {
        if (!jpeg) return;
        for (int i = n - 2; i >= 0; i--) {
            if ((tail[i] & 0xff) == 0xFF && (tail[i + 1] & 0xff) == 0xD9) return;
        }
        throw new IOException("truncated: the JPEG end-of-image marker is missing");
    }

    private static int int32(byte[] b, int o) throws IOException {
        long v =
                ((long) (b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
        if (v > Integer.MAX_VALUE) throw new IOException("damaged PNG header: size " + v);
        return (int) v;
    }
}
