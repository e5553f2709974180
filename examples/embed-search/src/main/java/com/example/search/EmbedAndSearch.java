package com.example.search;

import io.snclr.api.EmbeddingWriter;
import io.snclr.api.Embeddings;
import io.snclr.api.Embedder;
import io.snclr.retrieval.Hit;
import io.snclr.retrieval.HnswIndex;
import io.snclr.retrieval.HnswSettings;
import io.snclr.retrieval.VectorSearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Embeds every PNG and JPEG in the folder args[1] with the encoder of the run args[0], writes the embeddings to
 * args[2], builds their HNSW index and prints each image's nearest neighbours.
 */
public final class EmbedAndSearch {
    public static void main(String[] args) throws Exception {
        Path run = Path.of(args[0]);
        Path images = Path.of(args[1]);
        Path out = Path.of(args[2]);
        List<Path> files;
        try (Stream<Path> s = Files.list(images)) {
            files = s.filter(p -> p.toString().matches("(?i).*\\.(png|jpe?g)")).sorted().toList();
        }
        try (Embedder embedder = Embedder.open(run); // decodes and prepares images as the run evaluated them
                EmbeddingWriter writer = new EmbeddingWriter(
                        out, embedder.dimension(), embedder.normalizes(), embedder.weightsSha256(), run.toString())) {
            for (Path file : files) {
                float[] vector = embedder.embed(file); // a unit vector of embedder.dimension() floats
                writer.append(new float[][] {vector}, new String[] {file.toString()}, new String[] {""});
            }
            writer.finish(); // embeddings.npy, index.csv and embeddings.json, all or nothing
        }
        Embeddings embeddings = Embeddings.open(out);
        HnswIndex.build(embeddings, HnswSettings.DEFAULT, 1, built -> {});
        try (VectorSearch search = VectorSearch.over(embeddings, false, VectorSearch.CANDIDATES)) {
            System.out.println("search: " + search.describe());
            float[][] queries = new float[embeddings.rows()][];
            for (int row = 0; row < queries.length; row++) queries[row] = embeddings.rows(row, 1);
            List<List<Hit>> results = search.search(queries, 3);
            for (int row = 0; row < queries.length; row++) {
                StringBuilder line = new StringBuilder(embeddings.item(row).path()).append(" ->");
                for (Hit hit : results.get(row)) {
                    line.append(String.format(" %s (%.3f)", embeddings.item(hit.row()).path(), hit.score()));
                }
                System.out.println(line);
            }
        }
    }
}
