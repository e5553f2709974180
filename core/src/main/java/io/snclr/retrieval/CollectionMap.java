package io.snclr.retrieval;

import io.snclr.api.Embeddings;
import io.snclr.files.Json;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code map.json} beside the embeddings: each row's place on the 2-D map ({@link MapLayout}), with the SHA-256 of
 * the embeddings it was made from, so that a map of other (or re-made) embeddings is never shown for these.
 *
 * @param x the rows' first coordinates
 * @param y the rows' second coordinates
 */
public record CollectionMap(
        int format, String embeddingsSha256, int rows, int neighbours, int epochs, long seed, float[] x, float[] y) {
    public static final String FILE = "map.json";
    static final int FORMAT = 1;

    /** The map of {@code xy} (x and y interleaved, as {@link MapLayout} gives them) for {@code embeddings}. */
    public static CollectionMap of(Embeddings embeddings, float[] xy, MapLayout.Settings settings, int epochs) {
        int n = xy.length / 2;
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = xy[2 * i];
            y[i] = xy[2 * i + 1];
        }
        return new CollectionMap(
                FORMAT, embeddings.manifest().npySha256(), n, settings.neighbours(), epochs, settings.seed(), x, y);
    }

    public void write(Path dir) {
        Json.write(dir.resolve(FILE), this, Json.LINE);
    }

    /** The map beside {@code embeddings}, or null when there is none; one line when it is of other embeddings. */
    public static CollectionMap read(Embeddings embeddings) {
        Path file = embeddings.dir().resolve(FILE);
        if (!Files.isRegularFile(file)) return null;
        CollectionMap m = Json.read(file, CollectionMap.class, "a map of the collection");
        if (m.format() != FORMAT
                || !embeddings.manifest().npySha256().equals(m.embeddingsSha256())
                || m.rows() != embeddings.rows()
                || m.x() == null
                || m.y() == null
                || m.x().length != m.rows()
                || m.y().length != m.rows()) {
            throw new IllegalArgumentException(
                    file + ": a map of other embeddings (or damaged); run snclr map --embeddings " + embeddings.dir()
                            + " again");
        }
        return m;
    }
}
