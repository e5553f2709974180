package io.snclr.api;

import io.snclr.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code embeddings.json}, written last by {@link EmbeddingWriter#finish}: that the embeddings are complete, which
 * encoder made them (the SHA-256 of its weights), whether they are unit vectors, and the size and SHA-256 of both
 * data files, so that unfinished, damaged or mismatched embeddings are refused instead of searched.
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
        String snclrVersion) {
    public static final String FILE = "embeddings.json";
    public static final String NPY = "embeddings.npy";
    public static final String INDEX = "index.csv";
    static final int FORMAT = 1;

    /** The manifest of {@code dir}, or a one-line error saying why there is none. */
    static EmbeddingsManifest read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            String why = Files.exists(dir.resolve(NPY)) || Files.exists(dir.resolve(NPY + EmbeddingWriter.PARTIAL))
                    ? "unfinished (snclr embed was stopped) or written by an earlier version"
                    : "no embeddings there";
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
