package io.snclr.api;

import io.snclr.files.BuildInfo;
import io.snclr.files.FileDigest;
import io.snclr.files.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes embeddings as they come: {@code embeddings.npy} (float32, N×D, little-endian, numpy's format 1.0, readable
 * with {@code numpy.load}) and {@code index.csv} (row, path, label), so a collection larger than memory streams
 * through. Both are written under temporary names and renamed by {@link #finish}, which writes
 * {@link EmbeddingsManifest} last: a killed writer leaves nothing that looks finished, and running it again starts
 * over. Closing without finishing removes the temporary files.
 */
public final class EmbeddingWriter implements AutoCloseable {
    /** The suffix of the data files while they are written. */
    static final String PARTIAL = ".partial";
    /** Fixed header size: room for any N×D, and 64-byte aligned as the format asks. */
    private static final int HEADER = 128;

    private final Path dir;
    private final RandomAccessFile npy;
    private final BufferedWriter csv;
    private final int dim;
    private final boolean normalized;
    private final String encoderSha256;
    private final String encoderSource;
    private long rows;
    private boolean finished;

    /**
     * @param encoderSha256 the SHA-256 of the weights that make the embeddings ({@link Embedder#weightsSha256()})
     * @param encoderSource where those weights came from, for messages (a run directory or a file)
     * @throws IllegalArgumentException when {@code dir} already holds embeddings (finished, or of an earlier version)
     */
    public EmbeddingWriter(Path dir, int dim, boolean normalized, String encoderSha256, String encoderSource)
            throws IOException {
        for (String name : new String[] {EmbeddingsManifest.FILE, EmbeddingsManifest.NPY, EmbeddingsManifest.INDEX}) {
            if (Files.exists(dir.resolve(name))) {
                throw new IllegalArgumentException(
                        "--out " + dir + ": already holds " + name + "; choose another --out");
            }
        }
        Files.createDirectories(dir);
        this.dir = dir;
        this.dim = dim;
        this.normalized = normalized;
        this.encoderSha256 = encoderSha256;
        this.encoderSource = encoderSource;
        this.npy = new RandomAccessFile(partial(EmbeddingsManifest.NPY).toFile(), "rw");
        npy.setLength(0); // a killed writer's leftovers are started over
        npy.write(header(0));
        this.csv = Files.newBufferedWriter(partial(EmbeddingsManifest.INDEX), StandardCharsets.UTF_8);
        csv.write("row,path,label,sha256\n");
    }

    private Path partial(String name) {
        return dir.resolve(name + PARTIAL);
    }

    /** Rows of items that are not files (a data set's images), or whose files need not be served. */
    public void append(float[][] vectors, String[] paths, String[] labels) throws IOException {
        append(vectors, paths, labels, new String[vectors.length]);
    }

    /**
     * @param sha256 each file's SHA-256 as it was embedded (null: none recorded); {@code serve} shows a file only while
     *     its bytes still have it
     */
    public void append(float[][] vectors, String[] paths, String[] labels, String[] sha256) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(vectors.length * dim * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] v : vectors) for (float f : v) b.putFloat(f);
        npy.write(b.array());
        for (int i = 0; i < vectors.length; i++) {
            csv.write(rows + i + "," + CsvLine.field(paths[i]) + "," + CsvLine.field(labels[i]) + ","
                    + (sha256[i] == null ? "" : sha256[i]) + "\n");
        }
        rows += vectors.length;
    }

    public long rows() {
        return rows;
    }

    /** Completes the files, gives them their names and writes the manifest that marks them finished. */
    public void finish() throws IOException {
        finish(null);
    }

    /** As {@link #finish()}, for one part of a collection embedded by several processes. */
    public void finish(EmbeddingsManifest.Slice slice) throws IOException {
        npy.seek(0);
        npy.write(header(rows));
        npy.getFD().sync();
        npy.close();
        csv.close();
        Path npyFile = dir.resolve(EmbeddingsManifest.NPY), indexFile = dir.resolve(EmbeddingsManifest.INDEX);
        Files.move(partial(EmbeddingsManifest.NPY), npyFile, StandardCopyOption.ATOMIC_MOVE);
        Files.move(partial(EmbeddingsManifest.INDEX), indexFile, StandardCopyOption.ATOMIC_MOVE);
        Json.write(
                dir.resolve(EmbeddingsManifest.FILE),
                new EmbeddingsManifest(
                        EmbeddingsManifest.FORMAT,
                        rows,
                        dim,
                        normalized,
                        encoderSha256,
                        encoderSource,
                        Files.size(npyFile),
                        FileDigest.sha256(npyFile),
                        FileDigest.sha256(indexFile),
                        BuildInfo.version(),
                        null,
                        slice));
        finished = true;
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

    @Override
    public void close() throws IOException {
        if (finished) return;
        npy.close();
        csv.close();
        Files.deleteIfExists(partial(EmbeddingsManifest.NPY));
        Files.deleteIfExists(partial(EmbeddingsManifest.INDEX));
    }
}
