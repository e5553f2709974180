package io.snclr.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snclr.TorchTest;
import io.snclr.api.Embedder;
import io.snclr.api.Embeddings;
import io.snclr.cli.CliCapture;
import io.snclr.data.TestImages;
import io.snclr.engine.Device;
import io.snclr.faults.Subprocess;
import io.snclr.retrieval.VectorSearch;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * snclr serve on an ephemeral port, driven by Java's HttpClient (good and bad requests, concurrent clients) and by a
 * headless chromium (the web page: choose an image, see its neighbours, click one).
 */
class SearchServerTest extends TorchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IMAGES = 24;

    @TempDir
    static Path tmp;

    private static Path images;
    private static Embedder embedder;
    private static Embeddings embeddings;
    private static VectorSearch search;
    private static SearchServer server;
    private static HttpClient http;

    @BeforeAll
    static void serve() throws Exception {
        images = tmp.resolve("images");
        for (int i = 0; i < IMAGES; i++) {
            Path f = images.resolve(i % 2 == 0 ? "a" : "b").resolve(i + (i % 3 == 0 ? ".png" : ".jpg"));
            Files.createDirectories(f.getParent());
            Files.write(f, TestImages.encode(TestImages.photo(48 + i, 40, i), i % 3 == 0 ? "png" : "jpg"));
        }
        Path run = tmp.resolve("run"), emb = tmp.resolve("emb");
        List<String> pretrain =
                new ArrayList<>(List.of("pretrain", "--data", images.toString(), "--out", run.toString()));
        pretrain.addAll(List.of("--image-size 16 --channels 3 --epochs 0 --width 0.0625 --batch-size 8".split(" ")));
        cli(pretrain.toArray(String[]::new));
        cli("embed", "--run", run.toString(), "--images", images.toString(), "--out", emb.toString());
        cli("index", "--embeddings", emb.toString());
        embedder = Embedder.open(run, Device.CPU, true);
        embeddings = Embeddings.open(emb);
        search = VectorSearch.over(embeddings, false, 100);
        server = new SearchServer(
                        embedder,
                        embeddings,
                        search,
                        new ServeSettings("127.0.0.1", 0, 60_000, 8, 64, 20, 100, 30, 120))
                .start();
        http = HttpClient.newHttpClient();
    }

    private static void cli(String... args) {
        assertEquals(0, CliCapture.run(args).code(), String.join(" ", args));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        search.close();
        embedder.close();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> post(String path, byte[] body) throws Exception {
        var content = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        return http.send(HttpRequest.newBuilder(uri(path)).POST(content).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Path file(int row) {
        return Path.of(embeddings.item(row).path());
    }

    @Test
    void embedsSearchesAndServesTheIndexedImages() throws Exception {
        JsonNode health = JSON.readTree(get("/health").body());
        assertEquals(IMAGES, health.get("rows").asInt());
        assertTrue(health.get("search").asText().startsWith("HNSW"), health.toString());

        int row = 5;
        HttpResponse<String> embedded = post("/embed", Files.readAllBytes(file(row)));
        assertEquals(200, embedded.statusCode(), embedded.body());
        JsonNode v = JSON.readTree(embedded.body()).get("vector");
        float[] vector = new float[v.size()];
        for (int i = 0; i < vector.length; i++) vector[i] = (float) v.get(i).asDouble();
        assertArrayEquals(embeddings.rows(row, 1), vector, 1e-5f, "as snclr embed embedded the file");

        JsonNode found =
                JSON.readTree(post("/search?k=3", Files.readAllBytes(file(row))).body());
        assertEquals(row, found.get("results").get(0).get("row").asInt(), found.toString());
        assertEquals(1.0, found.get("results").get(0).get("score").asDouble(), 1e-4);
        assertEquals( // relative to the collection's folder, not the server's path
                images.relativize(file(row)).toString(),
                found.get("results").get(0).get("path").asText());

        JsonNode byRow = JSON.readTree(post("/search?row=" + row + "&k=4", null).body());
        assertEquals(4, byRow.get("results").size(), byRow.toString());
        for (JsonNode r : byRow.get("results")) assertTrue(r.get("row").asInt() != row, "not its own neighbour");

        HttpResponse<byte[]> item = get("/items/" + row);
        assertEquals(200, item.statusCode());
        assertArrayEquals(Files.readAllBytes(file(row)), item.body());
        assertTrue(item.headers().firstValue("content-type").orElse("").startsWith("image/"));
    }

    @Test
    void badRequestsGetOneLineErrorsAndTheServerGoesOn() throws Exception {
        byte[] jpeg = Files.readAllBytes(file(1));
        Object[][] cases = {
            {"/embed", "not an image".getBytes(), 400, "not a usable image"},
            {"/embed", Arrays.copyOf(jpeg, jpeg.length / 2), 400, "truncated"},
            {"/embed", TestImages.pngHeaderOnly(30000, 30000), 400, "decompression bomb"},
            {"/embed", new byte[80_000], 413, "larger than the limit"},
            {"/embed", null, 400, "no image"},
            {"/search?row=999", null, 404, "no row 999"},
            {"/search?row=x", null, 400, "whole number"},
            {"/search?k=0&row=1", null, 400, "k must be"},
            {"/search?k=21&row=1", null, 400, "k must be"},
            {"/nowhere", null, 404, "no such endpoint"}
        };
        for (Object[] c : cases) {
            HttpResponse<String> r = post((String) c[0], (byte[]) c[1]);
            assertEquals(c[2], r.statusCode(), c[0] + ": " + r.body());
            JsonNode error = JSON.readTree(r.body());
            assertTrue(error.get("error").asText().contains((String) c[3]), c[0] + ": " + r.body());
            assertEquals(1, r.body().lines().count(), r.body());
        }
        assertEquals(405, get("/embed").statusCode());
        assertEquals(404, get("/items/-1").statusCode());
        int traversal = get("/items/..%2F..%2Fetc%2Fpasswd").statusCode();
        assertTrue(traversal == 400 || traversal == 404, "only rows are served: " + traversal);
        assertEquals(200, get("/health").statusCode(), "still serving");
    }

    @Test
    void concurrentClientsAreBatchedAndEachGetsItsOwnAnswer() throws Exception {
        long[] before = batches();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<int[]>> answers = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int client = c;
            answers.add(clients.submit(() -> {
                int good = 0, refused = 0;
                for (int i = 0; i < 12; i++) {
                    int row = (client * 12 + i) % IMAGES;
                    if (i % 4 == 3) {
                        byte[] bad = i % 8 == 3 ? "garbage".getBytes() : TestImages.pngHeaderOnly(30000, 30000);
                        HttpResponse<String> r = post("/embed", bad);
                        assertEquals(400, r.statusCode(), r.body());
                        refused++;
                        continue;
                    }
                    JsonNode r = JSON.readTree(
                            post("/search?k=1", Files.readAllBytes(file(row))).body());
                    assertEquals(row, r.get("results").get(0).get("row").asInt(), "client " + client + ": " + r);
                    good++;
                }
                return new int[] {good, refused};
            }));
        }
        int good = 0;
        for (Future<int[]> a : answers) good += a.get()[0];
        clients.shutdown();
        long[] after = batches();
        long batches = after[0] - before[0], embedded = after[1] - before[1];
        System.out.printf(
                "%d images from 8 concurrent clients embedded in %d batches (%.2f per batch)%n",
                embedded, batches, embedded / (double) batches);
        assertEquals(good, embedded, "every good upload was embedded once");
        assertTrue(batches <= embedded);
    }

    private static long[] batches() throws Exception {
        JsonNode h = JSON.readTree(get("/health").body());
        return new long[] {h.get("batches").asLong(), h.get("images_embedded").asLong()};
    }

    /** SIGTERM while a client is still sending its image: the request is answered, then the process exits 0. */
    @Test
    void sigtermAnswersTheRequestsInFlightThenExitsZero() throws Exception {
        Path log = tmp.resolve("serve.log");
        Subprocess p = Subprocess.start(
                log,
                "serve",
                "--run",
                tmp.resolve("run").toString(),
                "--embeddings",
                tmp.resolve("emb").toString(),
                "--port",
                "0");
        int port = -1;
        for (int i = 0; i < 600 && port < 0; i++) {
            Matcher m = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/").matcher(Files.readString(log));
            if (m.find()) port = Integer.parseInt(m.group(1));
            else Thread.sleep(100);
        }
        assertTrue(port > 0, Files.readString(log));
        byte[] image = Files.readAllBytes(file(3));
        CountDownLatch sending = new CountDownLatch(1);
        // the body trickles in over about a second: the request is in flight when the signal comes
        InputStream slow = new InputStream() {
            private int at;

            @Override
            public int read() {
                return at < image.length ? image[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (at >= image.length) return -1;
                if (at > 0) {
                    sending.countDown();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                }
                int n = Math.min(Math.min(len, image.length / 10 + 1), image.length - at);
                System.arraycopy(image, at, b, off, n);
                at += n;
                return n;
            }
        };
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/search?k=1"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> slow))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        sending.await();
        Thread.sleep(300);
        p.signal("TERM");
        HttpResponse<String> r = answer.get(60, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(3, JSON.readTree(r.body()).get("results").get(0).get("row").asInt());
        assertEquals(0, p.awaitExit(), Files.readString(log));
    }

    @Test
    void theWebPageSearchesWithAChosenImageAndFromAResult() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.start(Files.createDirectories(tmp.resolve("profile")))) {
            browser.open(uri("/").toString());
            browser.await("document.getElementById('about').textContent.includes('" + IMAGES + " images')", 30);
            browser.eval("document.getElementById('k').value = 5");
            browser.chooseFile("#file", file(7));
            browser.await("document.querySelectorAll('#results figure').length === 5", 30);
            assertEquals(
                    7,
                    browser.eval("+document.querySelector('#results figure').dataset.row")
                            .asInt());
            browser.await(
                    "[...document.querySelectorAll('#results img')].every(i => i.complete && i.naturalWidth > 0)", 30);
            int second = browser.eval("+document.querySelectorAll('#results figure')[1].dataset.row")
                    .asInt();
            browser.eval("document.querySelectorAll('#results figure')[1].click()");
            browser.await("document.querySelector('#query span').textContent === 'row " + second + "'", 30);
            browser.await("document.querySelectorAll('#results figure').length === 5", 30);
            assertEquals(
                    "",
                    browser.eval("document.getElementById('error').textContent").asText());
        }
    }
}
