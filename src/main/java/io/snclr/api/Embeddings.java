package io.snclr.api;

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

/** An {@code embeddings.npy} (float32 N×D, as {@link EmbeddingWriter} writes it) memory-mapped, with its index.csv. */
public final class Embeddings {
    private static final Pattern SHAPE = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)");
    private final FloatBuffer data;
    private final int rows;
    private final int dim;
    private final List<String> index;

    private Embeddings(FloatBuffer data, int rows, int dim, List<String> index) {
        this.data = data;
        this.rows = rows;
        this.dim = dim;
        this.index = index;
    }

    public static Embeddings open(Path dir) throws IOException {
        Path npy = dir.resolve("embeddings.npy");
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
            List<String> index = Files.readAllLines(dir.resolve("index.csv"));
            if (index.size() - 1 != n) {
                throw new IllegalArgumentException(dir.resolve("index.csv") + ": " + (index.size() - 1) + " rows, "
                        + npy.getFileName() + " has " + n);
            }
            return new Embeddings(data, n, d, index.subList(1, index.size()));
        }
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
