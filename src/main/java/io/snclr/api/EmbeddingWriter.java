package io.snclr.api;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes embeddings as they come: {@code embeddings.npy} (float32, N×D, little-endian, numpy's format 1.0, readable
 * with {@code numpy.load}) and {@code index.csv} (row, path, label), so a collection larger than memory streams
 * through. The row count is written into the header when the writer closes.
 */
public final class EmbeddingWriter implements AutoCloseable {
    /** Fixed header size: room for any N×D, and 64-byte aligned as the format asks. */
    private static final int HEADER = 128;

    private final RandomAccessFile npy;
    private final BufferedWriter csv;
    private final int dim;
    private long rows;

    public EmbeddingWriter(Path dir, int dim) throws IOException {
        Files.createDirectories(dir);
        this.dim = dim;
        this.npy = new RandomAccessFile(dir.resolve("embeddings.npy").toFile(), "rw");
        npy.setLength(0);
        npy.write(header(0));
        this.csv = Files.newBufferedWriter(dir.resolve("index.csv"), StandardCharsets.UTF_8);
        csv.write("row,path,label\n");
    }

    public void append(float[][] vectors, String[] paths, String[] labels) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(vectors.length * dim * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] v : vectors) for (float f : v) b.putFloat(f);
        npy.write(b.array());
        for (int i = 0; i < vectors.length; i++) {
            csv.write(rows + i + "," + csvField(paths[i]) + "," + csvField(labels[i]) + "\n");
        }
        rows += vectors.length;
    }

    public long rows() {
        return rows;
    }

    private byte[] header(long n) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ", " + dim + "), }";
        StringBuilder h = new StringBuilder(dict);
        while (h.length() < HEADER - 10 - 1) h.append(' ');
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93)
                .put("NUMPY".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put((byte) 0);
        b.putShort((short) (HEADER - 10)).put(h.toString().getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    private static String csvField(String s) {
        if (s == null) return "";
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    @Override
    public void close() throws IOException {
        npy.seek(0);
        npy.write(header(rows));
        npy.close();
        csv.close();
    }
}
