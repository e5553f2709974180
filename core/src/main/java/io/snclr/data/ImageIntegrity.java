package io.snclr.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Whether an image's data, not only its header and end marker, is intact. A PNG carries a CRC-32 in every chunk; all
 * are checked. A JPEG has no checksum, so its entropy-coded data is decoded (every eighth pixel kept, to bound memory)
 * and any warning of the decoder ("Corrupt JPEG data: …") makes it damaged. Huffman codes resynchronise, so some
 * damage decodes to wrong pixels without a warning in any decoder; what a decoder notices is caught here.
 */
final class ImageIntegrity {
    private static final int KEEP_EVERY = 8;

    private ImageIntegrity() {}

    /** @throws IOException naming the damage */
    static void require(byte[] bytes, boolean jpeg) throws IOException {
        if (jpeg) decodesCleanly(bytes);
        else chunksMatchTheirCrc(bytes);
    }

    private static String chunkType(byte[] b, int p) {
        return new String(b, p + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static void chunksMatchTheirCrc(byte[] b) throws IOException {
        int p = 8; // past the signature
        CRC32 crc = new CRC32();
        while (p + 12 <= b.length) {
            long length = uint32(b, p);
            if (length > b.length - p - 12L)
                throw new IOException(
                        "truncated: the PNG's " + chunkType(b, p) + " chunk runs past the end of the file");
            String type = new String(b, p + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            crc.reset();
            crc.update(b, p + 4, 4 + (int) length);
            if (crc.getValue() != uint32(b, p + 8 + (int) length)) {
                throw new IOException(
                        "damaged PNG: the CRC of its " + type + " chunk at byte " + p + " does not match");
            }
            if (type.equals("IEND")) return;
            p += 12 + (int) length;
        }
        throw new IOException("truncated: the PNG ends before its IEND chunk");
    }

    private static void decodesCleanly(byte[] b) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(b))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
            if (!readers.hasNext()) return; // no decoder to check with: the header checks stand alone
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(KEEP_EVERY, KEEP_EVERY, 0, 0);
                reader.readRaster(0, param);
                if (!warnings.isEmpty()) throw new IOException("damaged: " + warnings.get(0));
            } catch (javax.imageio.IIOException e) {
                if (String.valueOf(e.getMessage()).startsWith("Unsupported")) return; // e.g. arithmetic coding
                throw new IOException("damaged: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new IOException("damaged: " + e, e);
            } finally {
                reader.dispose();
            }
        }
    }

    private static long uint32(byte[] b, int o) {
        return ((long) (b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }
}
