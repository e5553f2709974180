package io.snclr.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The images of an ImageFolder tree or of WebDataset {@code .tar} shards: where each one's bytes are, its label and
 * the size its header gives. Built once ({@link IndexBuilder}, every header read and checked) and cached
 * ({@link IndexCache}), so that a million files are neither listed nor opened again at every start; the pixels are
 * decoded only when a batch needs them.
 *
 * @param root the folder the paths are relative to (a single shard's folder for a {@code .tar} source)
 * @param files relative paths: one per image (a folder) or one per shard (tar)
 * @param skipped files left out when the index was built, each with its reason
 */
public record FileIndex(
        Path root, Kind kind, List<String> files, Entries entries, List<String> classNames, List<String> skipped) {

    public enum Kind {
        FOLDER,
        TAR
    }

    /** One row per image, as parallel arrays (a million images cost ~30 MB, not a million objects). */
    public record Entries(
            int[] file, long[] offset, int[] length, int[] width, int[] height, boolean[] jpeg, int[] label) {
        public int size() {
            return file.length;
        }
    }

    /** The index of {@code source}: from its cache when that is intact and the folders are unchanged, else built. */
    public static FileIndex open(Path source, int workers) {
        return IndexCache.openOrBuild(source, workers);
    }

    public int size() {
        return entries.size();
    }

    public int label(int i) {
        return entries.label[i];
    }

    public ImageHeader header(int i) {
        return new ImageHeader(entries.jpeg[i], entries.width[i], entries.height[i]);
    }

    /** A name for messages: the file, or shard:member offset. */
    public String name(int i) {
        String f = files.get(entries.file[i]);
        return kind == Kind.FOLDER ? root.resolve(f).toString() : root.resolve(f) + "@" + entries.offset[i];
    }

    /** The encoded bytes of image {@code i} (a file, or a member of a shard read in place). */
    public byte[] read(int i) throws IOException {
        Path file = root.resolve(files.get(entries.file[i]));
        byte[] out = new byte[entries.length[i]];
        try (FileChannel ch =
                FileChannel.open(file, StandardOpenOption.READ)) { // an open costs microseconds, a decode milliseconds
            readFully(ch, out, entries.offset[i]);
        }
        return out;
    }

    private static void readFully(FileChannel ch, byte[] out, long position) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(out);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) throw new IOException("ends early (" + buf.position() + " of " + out.length + " bytes)");
        }
    }

    /** The labels (class index per image, -1 without classes). */
    public int[] labels() {
        return entries.label.clone();
    }

    /** Rows in index order, for building. */
    static final class Rows {
        final List<int[]> ints = new ArrayList<>(); // file, length, width, height, jpeg, label
        final List<Long> offsets = new ArrayList<>();

        void add(int file, long offset, int length, ImageHeader h, int label) {
            ints.add(new int[] {file, length, h.width(), h.height(), h.jpeg() ? 1 : 0, label});
            offsets.add(offset);
        }

        Entries entries() {
            int n = ints.size();
            Entries e = new Entries(
                    new int[n], new long[n], new int[n], new int[n], new int[n], new boolean[n], new int[n]);
            for (int i = 0; i < n; i++) {
                int[] r = ints.get(i);
                e.file[i] = r[0];
                e.offset[i] = offsets.get(i);
                e.length[i] = r[1];
                e.width[i] = r[2];
                e.height[i] = r[3];
                e.jpeg[i] = r[4] == 1;
                e.label[i] = r[5];
            }
            return e;
        }
    }
}
