package io.snclr.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snclr.api.Embedder;
import io.snclr.api.Embeddings;
import io.snclr.cli.Args;
import io.snclr.cli.CliCapture;
import io.snclr.data.TestImages;
import io.snclr.engine.Device;
import io.snclr.retrieval.VectorSearch;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/** What the service's tests serve: a folder of small photos and an untrained run over them. */
final class ServeFixtures {
    private ServeFixtures() {}

    /** {@code count} distinct 32-pixel-high PNG photos, {@code 0.png} and on, in {@code dir/images}. */
    static Path photos(Path dir, int count) throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        for (int i = 0; i < count; i++) {
            Files.write(images.resolve(i + ".png"), TestImages.encode(TestImages.photo(40 + i, 32, i), "png"));
        }
        return images;
    }

    /** {@link #photos} moved into the sub-folders (classes) {@code folder} names for each. */
    static Path photosInFolders(Path dir, int count, IntFunction<String> folder) throws IOException {
        Path images = photos(dir, count);
        for (int i = 0; i < count; i++) {
            Path into = Files.createDirectories(images.resolve(folder.apply(i)));
            Files.move(images.resolve(i + ".png"), into.resolve(i + ".png"));
        }
        return images;
    }

    /** {@code snclr embed} of {@code images} with {@code run}'s encoder into {@code out}. */
    static Path embed(Path run, Path images, Path out) {
        CliCapture.Outcome o = CliCapture.run(
                "embed", "--run", run.toString(), "--images", images.toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        return out;
    }

    /** An encoder that was never trained (0 epochs) on {@code images}, in {@code run}. */
    static Path untrainedRun(Path images, Path run) {
        CliCapture.Outcome o = CliCapture.run(Args.untrainedOn(images, run));
        assertEquals(0, o.code(), o.err());
        return run;
    }

    /** A service over {@code embeddings} (exact search, 30 s timeout) with its encoder and search, closed together. */
    record Served(Embedder embedder, VectorSearch search, SearchServer server) implements AutoCloseable {
        URI base() {
            return URI.create("http://127.0.0.1:" + server.port() + "/");
        }

        @Override
        public void close() throws Exception {
            try (embedder;
                    search;
                    server) {
                // each closed, the server first
            }
        }
    }

    static Served serve(Path run, Embeddings embeddings) throws Exception {
        Embedder embedder = Embedder.open(run, Device.CPU, true);
        VectorSearch search = VectorSearch.over(embeddings, true, 100);
        SearchServer server = new SearchServer(embedder, embeddings, search, settings(0)).start();
        return new Served(embedder, search, server);
    }

    /** The tests' settings on {@code port}: 60 KB uploads, batches of 8, k up to 20, 30 s timeout. */
    static ServeSettings settings(int port) {
        return new ServeSettings("127.0.0.1", port, 60_000, 8, 64, 20, 100, 30, 120);
    }
}
