package io.snclr.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snclr.TorchTest;
import io.snclr.api.Embeddings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's page before any upload: the collection to browse, page by page; an address per search from a stored
 * image ({@code ?row=N}) that opens that search; and answers that name files relative to the collection's folder.
 */
class BrowseAndShareTest extends TorchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theCollectionIsBrowsedAndASearchHasItsOwnAddress(@TempDir Path tmp) throws Exception {
        Path images = ServeFixtures.photosInFolders(
                tmp, 70, i -> i % 2 == 0 ? "even" : "odd"); // more than the page's 60, in two class folders
        Path run = ServeFixtures.untrainedRun(images, tmp.resolve("run"));
        Path emb = ServeFixtures.embed(run, images, tmp.resolve("emb"));
        Embeddings embeddings = Embeddings.open(emb);
        try (ServeFixtures.Served served = ServeFixtures.serve(run, embeddings)) {
            URI base = served.base();
            HttpClient http = HttpClient.newHttpClient();
            JsonNode page = get(http, base.resolve("items?from=60&count=20"));
            assertEquals(70, page.get("rows").asInt());
            assertEquals(10, page.get("items").size(), "the last page");
            JsonNode found = JSON.readTree(http.send(
                            HttpRequest.newBuilder(base.resolve("search?row=3&k=20"))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            for (JsonNode r : found.get("results")) {
                String path = r.get("path").asText();
                assertFalse(path.startsWith("/") || path.contains(tmp.toString()), "a server path: " + path);
            }
            boolean nested = false;
            for (JsonNode r : get(http, base.resolve("items?from=0&count=70")).get("items")) {
                nested |= r.get("path").asText().equals("odd/5.png");
            }
            assertTrue(nested, "files are named relative to the collection, with their folder");
            assertEquals(
                    400,
                    http.send(
                                    HttpRequest.newBuilder(base.resolve("items?count=5000"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode());

            try (HeadlessChromium browser = HeadlessChromium.start(Files.createDirectories(tmp.resolve("profile")))) {
                // before any upload: the first page of the collection, then the next one
                browser.open(base.toString());
                browser.await("document.querySelectorAll('#results figure').length === 60", 30);
                browser.await(
                        "[...document.querySelectorAll('#results img')].every(i => i.complete && i.naturalWidth > 0)",
                        30);
                browser.eval("document.getElementById('next').click()");
                browser.await("document.querySelectorAll('#results figure').length === 10", 30);
                assertEquals("?from=60", browser.eval("location.search").asText());

                // a click searches from that image, and the address says so
                int row = browser.eval("+document.querySelector('#results figure').dataset.row")
                        .asInt();
                browser.eval("document.querySelector('#results figure').click()");
                browser.await("location.search === '?row=" + row + "'", 30);
                browser.await("document.querySelector('#results .score') !== null", 30);

                // that address, opened anew, shows the same search
                browser.open(base.resolve("?row=" + row).toString());
                browser.await("document.querySelector('#query span')?.textContent === 'row " + row + "'", 30);
                browser.await("document.querySelectorAll('#results .score').length === 12", 30);
                browser.eval("history.back()");
                browser.await("document.querySelectorAll('#results figure').length === 10", 30);
                assertEquals(
                        "",
                        browser.eval("document.getElementById('error').textContent")
                                .asText());
            }
        }
    }

    private static JsonNode get(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }
}
