package io.snclr.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST format: big-endian magic, dimension sizes, then uint8 data), gzipped or plain.
 * A truncated or corrupt file raises {@link DataFormatException} naming the file and what was expected.
 */
public final class IdxReader {
    private static final int UBYTE = 0x08;

    private IdxReader() {}

    /** An IDX array of unsigned bytes with its dimension sizes. */
    public record IdxArray(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }
    }

    public static IdxArray read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file + ": no such file (expected an IDX file, e.g. from the Debian "
                    + "package dataset-fashion-mnist)");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                DataInputStream in = new DataInputStream(maybeGunzip(raw))) {
            int magic = in.readInt();
            int type = (magic >>> 8) & 0xff;
            int ndim = magic & 0xff;
            if ((magic >>> 16) != 0 || type != UBYTE || ndim < 1 || ndim > 4) {
                throw new DataFormatException(file + ": not an unsigned-byte IDX file (magic 0x"
                        + Integer.toHexString(magic) + ", expected 0x0000080N)");
            }
            int[] dims = new int[ndim];
            long total = 1;
            for (int d = 0; d < ndim; d++) {
                dims[d] = in.readInt();
                if (dims[d] < 0) throw new DataFormatException(file + ": negative dimension " + dims[d]);
                total *= dims[d];
            }
            if (total > Integer.MAX_VALUE - 16)
                throw new DataFormatException(file + ": too large (" + total + " bytes)");
            return new IdxArray(dims, readData(in, file, total));
        } catch (EOFException e) {
            throw new DataFormatException(file + ": truncated inside the IDX header");
        } catch (ZipException e) {
            throw new DataFormatException(file + ": corrupt gzip stream (" + e.getMessage() + ")");
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("Unexpected end of ZLIB") || msg.contains("end of file")) {
                throw new DataFormatException(file + ": truncated gzip stream");
            }
            throw new DataFormatException(file + ": cannot read (" + msg + ")");
        }
    }

    /**
     * The data section, which must end exactly where the header says; reading on to the end of the stream makes
     * GZIPInputStream check the gzip trailer (CRC-32 and length), so flipped bytes are caught.
     */
    private static byte[] readData(DataInputStream in, Path file, long total) throws IOException {
        byte[] data = new byte[(int) total];
        int got;
        try {
            got = in.readNBytes(data, 0, data.length);
        } catch (EOFException e) {
            throw new DataFormatException(
                    file + ": truncated inside the data: the header announces " + total + " bytes");
        }
        if (got < data.length) {
            throw new DataFormatException(
                    file + ": truncated inside the data: the header announces " + total + " bytes, found " + got);
        }
        try {
            if (in.read() != -1) {
                throw new DataFormatException(
                        file + ": corrupt: more data than the header announces (" + total + " bytes)");
            }
        } catch (ZipException e) {
            throw new DataFormatException(file + ": corrupt (gzip check failed: " + e.getMessage() + ")");
        }
        return data;
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
