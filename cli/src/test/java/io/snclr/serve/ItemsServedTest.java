package io.snclr.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.snclr.TorchTest;
import io.snclr.api.Embeddings;
import io.snclr.cli.Args;
import io.snclr.cli.CliCapture;
import io.snclr.data.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /items/N} shows a row's file only while its bytes are the ones embedded: a link in the collection
 * re-pointed at another file after {@code embed}, or a file replaced, is refused with 404 and its content never sent;
 * a chunked upload over the limit is 413; a port already in use is one line.
 */
class ItemsServedTest extends TorchTest {
    @Test
    void onlyTheBytesThatWereEmbeddedAreServed(@TempDir Path tmp) throws Exception {
        Path images = ServeFixtures.photos(tmp, 6);
        Path outside = Files.write(tmp.resolve("elsewhere.png"), TestImages.encode(TestImages.photo(50, 40, 9), "png"));
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "not for the service");
        Path link = Files.createSymbolicLink(images.resolve("link.png"), outside);
        Path run = tmp.resolve("run"), emb = tmp.resolve("emb");
        cli(Args.untrainedOn(images, run));
        cli("embed", "--run", run.toString(), "--images", images.toString(), "--out", emb.toString());
        Embeddings embeddings = Embeddings.open(emb);
        int linkRow = -1, fileRow = -1;
        for (int r = 0; r < embeddings.rows(); r++) {
            if (embeddings.item(r).path().endsWith("link.png")) linkRow = r;
            if (embeddings.item(r).path().endsWith("3.png")) fileRow = r;
        }
        try (ServeFixtures.Served served = ServeFixtures.serve(run, embeddings)) {
            SearchServer server = served.server();
            HttpClient http = HttpClient.newHttpClient();
            assertEquals(200, get(http, server, linkRow).statusCode(), "the link as it was embedded");
            assertEquals(200, get(http, server, fileRow).statusCode());

            Files.delete(link);
            Files.createSymbolicLink(link, secret); // re-pointed after embed
            HttpResponse<String> moved = get(http, server, linkRow);
            assertEquals(404, moved.statusCode(), moved.body());
            assertFalse(moved.body().contains("not for the service"));

            Files.write(images.resolve("3.png"), TestImages.encode(TestImages.photo(44, 32, 7), "png")); // replaced
            assertEquals(404, get(http, server, fileRow).statusCode());

            // an upload of unannounced length (chunked) over the limit is 413, as one with a Content-Length
            byte[] big = new byte[200_000];
            HttpResponse<String> chunked = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/embed"))
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, chunked.statusCode(), chunked.body());

            ServeSettings taken = ServeFixtures.settings(server.port());
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class,
                    () -> new SearchServer(served.embedder(), embeddings, served.search(), taken).start());
            org.junit.jupiter.api.Assertions.assertTrue(
                    e.getMessage().contains("--port " + server.port())
                            && e.getMessage().contains("in use"),
                    e.getMessage());
        }
    }

    private static HttpResponse<String> get(HttpClient http, SearchServer server, int row) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/items/" + row);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void cli(String... args) {
        assertEquals(0, CliCapture.run(args).code(), String.join(" ", args));
    }
}
