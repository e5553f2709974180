package io.snclr.api;

import io.snclr.files.FileDigest;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code embeddings.npy} (float32 N×D, as {@link EmbeddingWriter} writes it) memory-mapped, with its index.csv.
 * Opened only when its manifest says the writer finished and both files still have the size and SHA-256 it recorded.
 */
public final class Embeddings {
    private static final Pattern SHAPE = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)");
    private final FloatBuffer data;
    private final int rows;
    private final int dim;
    private final List<String> index;
    private final EmbeddingsManifest manifest;

    private Embeddings(FloatBuffer data, int rows, int dim, List<String> index, EmbeddingsManifest manifest) {
        this.data = data;
        this.rows = rows;
        this.dim = dim;
        this.index = index;
        this.manifest = manifest;
    }

    public static Embeddings open(Path dir) throws IOException {
        EmbeddingsManifest manifest = EmbeddingsManifest.read(dir);
        Path npy = dir.resolve(EmbeddingsManifest.NPY);
        Path csv = dir.resolve(EmbeddingsManifest.INDEX);
        for (Path f : new Path[] {npy, csv}) {
            if (!Files.isRegularFile(f)) throw new IllegalArgumentException(f + ": missing");
        }
        if (Files.size(npy) != manifest.npyBytes()
                || !FileDigest.sha256(npy).equals(manifest.npySha256())
                || !FileDigest.sha256(csv).equals(manifest.indexSha256())) {
            throw new IllegalArgumentException(dir + ": damaged (" + npy.getFileName() + " or " + csv.getFileName()
                    + " differs from what " + EmbeddingsManifest.FILE + " recorded); run snclr embed again");
        }
        try (FileChannel ch = FileChannel.open(npy, StandardOpenOption.READ)) {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            byte[] magic = new byte[10];
            map.get(magic);
            if (magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
                throw new IllegalArgumentException(npy + ": not a .npy file");
            }
            int headerLen = (magic[8] & 0xff) | (magic[9] & 0xff) << 8;
            byte[] h = new byte[headerLen];
            map.get(h);
            String header = new String(h, StandardCharsets.US_ASCII);
            Matcher m = SHAPE.matcher(header);
            if (!header.contains("'<f4'") || !m.find()) {
                throw new IllegalArgumentException(npy + ": expected a float32 N×D array, header " + header.trim());
            }
            int n = Integer.parseInt(m.group(1)), d = Integer.parseInt(m.group(2));
            if (ch.size() != 10 + headerLen + 4L * n * d) {
                throw new IllegalArgumentException(
                        npy + ": " + ch.size() + " bytes, the header announces " + n + "x" + d);
            }
            FloatBuffer data = map.position(10 + headerLen)
                    .slice()
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer();
            if (n != manifest.rows() || d != manifest.dim()) {
                throw new IllegalArgumentException(
                        npy + ": " + n + "x" + d + ", its manifest says " + manifest.rows() + "x" + manifest.dim());
            }
            List<String> index = Files.readAllLines(csv);
            if (index.size() - 1 != n) {
                throw new IllegalArgumentException(
                        csv + ": " + (index.size() - 1) + " rows, " + npy.getFileName() + " has " + n);
            }
            return new Embeddings(data, n, d, index.subList(1, index.size()), manifest);
        }
    }

    /** What the writer recorded: the encoder that made the embeddings, whether they are unit vectors, ... */
    public EmbeddingsManifest manifest() {
        return manifest;
    }

    public int rows() {
        return rows;
    }

    public int dim() {
        return dim;
    }

    /** Rows [from, from + count) as one row-major float array. */
    public float[] rows(int from, int count) {
        float[] out = new float[count * dim];
        data.duplicate().position(from * dim).get(out);
        return out;
    }

    /** The index.csv line of a row (row,path,label). */
    public String describe(int row) {
        return index.get(row);
    }
}
