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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One folder's {@code embeddings.npy} and {@code index.csv}, memory-mapped, opened only when both files still have the
 * size and SHA-256 its manifest recorded: the heap holds one offset per row.
 */
final class EmbeddingsFile {
    private static final Pattern SHAPE = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)");
    /** Rows per mapping: a mapping holds at most 2 GB. */
    private static final long MAP_BYTES = 1L << 30;

    private final List<FloatBuffer> maps;
    private final int rowsPerMap;
    private final int rows;
    private final int dim;
    private final MappedByteBuffer csv;
    private final long[] lineStart;

    private EmbeddingsFile(
            List<FloatBuffer> maps, int rowsPerMap, int rows, int dim, MappedByteBuffer csv, long[] lineStart) {
        this.maps = maps;
        this.rowsPerMap = rowsPerMap;
        this.rows = rows;
        this.dim = dim;
        this.csv = csv;
        this.lineStart = lineStart;
    }

    static EmbeddingsFile open(Path dir, EmbeddingsManifest manifest) throws IOException {
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
        try (FileChannel ch = FileChannel.open(npy, StandardOpenOption.READ);
                FileChannel text = FileChannel.open(csv, StandardOpenOption.READ)) {
            MappedByteBuffer head = ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(ch.size(), 4096));
            byte[] magic = new byte[10];
            head.get(magic);
            if (magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
                throw new IllegalArgumentException(npy + ": not a .npy file");
            }
            int headerLen = (magic[8] & 0xff) | (magic[9] & 0xff) << 8;
            byte[] h = new byte[headerLen];
            head.get(h);
            String header = new String(h, StandardCharsets.US_ASCII);
            Matcher m = SHAPE.matcher(header);
            if (!header.contains("'<f4'") || !m.find()) {
                throw new IllegalArgumentException(npy + ": expected a float32 N×D array, header " + header.trim());
            }
            int n = Integer.parseInt(m.group(1)), d = Integer.parseInt(m.group(2));
            long start = 10L + headerLen;
            if (ch.size() != start + 4L * n * d) {
                throw new IllegalArgumentException(
                        npy + ": " + ch.size() + " bytes, the header announces " + n + "x" + d);
            }
            if (n != manifest.rows() || d != manifest.dim()) {
                throw new IllegalArgumentException(
                        npy + ": " + n + "x" + d + ", its manifest says " + manifest.rows() + "x" + manifest.dim());
            }
            int rowsPerMap = (int) Math.max(1, MAP_BYTES / (4L * d));
            List<FloatBuffer> maps = new ArrayList<>();
            for (long from = 0; from < n; from += rowsPerMap) {
                long count = Math.min(rowsPerMap, n - from);
                maps.add(ch.map(FileChannel.MapMode.READ_ONLY, start + 4L * d * from, 4L * d * count)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer());
            }
            if (text.size() > Integer.MAX_VALUE) throw new IllegalArgumentException(csv + ": larger than 2 GB");
            MappedByteBuffer lines = text.map(FileChannel.MapMode.READ_ONLY, 0, text.size());
            return new EmbeddingsFile(maps, rowsPerMap, n, d, lines, lineStarts(lines, n, csv));
        }
    }

    /** Where each row's line starts (after the header line), and where the last one ends. */
    private static long[] lineStarts(MappedByteBuffer text, int n, Path csv) {
        long[] starts = new long[n + 1];
        int found = -1; // the header line is not a row
        boolean quoted = false;
        for (int i = 0; i < text.limit(); i++) {
            byte b = text.get(i);
            if (b == '"') quoted = !quoted;
            if (b != '\n' || quoted) continue;
            if (found >= n) throw new IllegalArgumentException(csv + ": more rows than the embeddings' " + n);
            starts[++found] = i + 1;
        }
        if (found != n) throw new IllegalArgumentException(csv + ": " + found + " rows, the embeddings have " + n);
        return starts;
    }

    int rows() {
        return rows;
    }

    int dim() {
        return dim;
    }

    /** Rows [from, from + count) into {@code out} from {@code at} (row-major). */
    void copy(int from, int count, float[] out, int at) {
        int done = 0;
        while (done < count) {
            int row = from + done;
            FloatBuffer map = maps.get(row / rowsPerMap).duplicate();
            int inMap = Math.min(count - done, rowsPerMap - row % rowsPerMap);
            map.position((row % rowsPerMap) * dim).get(out, at + done * dim, inMap * dim);
            done += inMap;
        }
    }

    /** A row's index.csv line without its row number: ",path,label,sha256". */
    String lineAfterRow(int row) {
        int from = (int) lineStart[row], to = (int) lineStart[row + 1] - 1; // without the newline
        byte[] b = new byte[to - from];
        csv.duplicate().position(from).get(b);
        String line = new String(b, StandardCharsets.UTF_8);
        return line.substring(line.indexOf(','));
    }
}
