package io.snclr.api;

import io.snclr.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code embeddings.json}, written last: that the embeddings are complete, which encoder made them (the SHA-256 of its
 * weights), whether they are unit vectors, and the size and SHA-256 of both data files, so that unfinished, damaged or
 * mismatched embeddings are refused instead of searched. Embeddings written by several processes have one manifest
 * per part (with the {@link Slice} of the collection it holds) and one above them that lists the parts in row order.
 *
 * @param npySha256 of a parted folder: the SHA-256 of its parts' SHA-256s, in order (what an index or a map made from
 *     the whole records)
 * @param parts the parts in row order (null: the data files are in this folder)
 * @param slice what part of the collection this folder holds (null: all of it)
 */
public record EmbeddingsManifest(
        int format,
        long rows,
        int dim,
        boolean normalized,
        String encoderSha256,
        String encoderSource,
        long npyBytes,
        String npySha256,
        String indexSha256,
        String snclrVersion,
        List<Part> parts,
        Slice slice) {
    public static final String FILE = "embeddings.json";
    public static final String NPY = "embeddings.npy";
    public static final String INDEX = "index.csv";
    /** Format 2 adds the parts (a format-1 reader cannot read those), format 1 still reads. */
    static final int FORMAT = 2;

    /** One part of a parted folder: its folder (relative) and what its own manifest recorded. */
    public record Part(String dir, long rows, long npyBytes, String npySha256, String indexSha256) {}

    /**
     * The items {@code [first, first + count)} of a collection's {@code total}, in the order its listing gives, as part
     * {@code part} of {@code parts}; {@code listingSha256} is the SHA-256 of those items' names, so a part made from
     * another folder's listing is not taken for this one's.
     */
    public record Slice(int part, int parts, long first, long count, long total, String listingSha256) {}

    /** Whether the rows are in parts below this folder. */
    public boolean parted() {
        return parts != null;
    }

    /** The manifest of {@code dir}, or a one-line error saying why there is none. */
    static EmbeddingsManifest read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            String why = Files.exists(dir.resolve(NPY)) || Files.exists(dir.resolve(NPY + EmbeddingWriter.PARTIAL))
                    ? "unfinished (snclr embed was stopped) or written by an earlier version"
                    : EmbeddingParts.describeUnfinished(dir);
            throw new IllegalArgumentException(
                    dir + ": no " + FILE + " (" + why + "); run snclr embed --out " + dir + " again");
        }
        EmbeddingsManifest m = Json.read(file, EmbeddingsManifest.class, "a valid embeddings manifest");
        if (m.format() > FORMAT) {
            throw new IllegalArgumentException(
                    file + ": format " + m.format() + " is newer than this snclr's (" + FORMAT + ")");
        }
        return m;
    }
}
