package io.snclr.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.data.TestImages;
import io.snclr.faults.Subprocess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snclr serve} in its own process, with hostile clients beside well-behaved ones on 127.0.0.1: uploads under
 * the pixel limit that decode to 800 MB each, uploads that stall after their headers, headers trickled a line a
 * second, and garbage. Every well-behaved request is answered 200 within its timeout, {@code /health} at once, the
 * process stays under a stated memory bound, and SIGTERM in the middle of it answers every request in flight and exits
 * 0.
 */
class ServeUnderLoadTest extends TorchTest {
    private static final int TIMEOUT_S = 4;
    private static final int BOMBS = 6;
    /** Resident memory the service may reach under this load: the JVM with libtorch, and one image decoding at most. */
    private static final long MAX_RSS_MB = 2500;

    @Test
    void hostileClientsNeitherStarveNorExhaustTheServiceAndSigtermAnswersEveryRequest(@TempDir Path tmp)
            throws Exception {
        Path images = ServeFixtures.photos(tmp, 4);
        Path run = ServeFixtures.untrainedRun(images, tmp.resolve("run"));
        byte[] photo = Files.readAllBytes(images.resolve("1.png"));
        byte[] bomb = TestImages.zeroPng16Rgba(10_000, 10_000);

        Subprocess serve = Subprocess.start(
                tmp.resolve("serve.log"),
                "serve",
                "--run",
                run.toString(),
                "--port",
                "0",
                "--timeout",
                String.valueOf(TIMEOUT_S));
        URI base = URI.create("http://127.0.0.1:" + port(serve) + "/");
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        AtomicBoolean loading = new AtomicBoolean(true);
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<Long> healthMs = Collections.synchronizedList(new ArrayList<>());
        List<Long> embedMs = Collections.synchronizedList(new ArrayList<>());
        List<Integer> bombAnswers = new ArrayList<>();
        List<CompletableFuture<?>> clients = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        try {
            // hostile: bombs, stalled bodies, trickled headers, garbage
            List<CompletableFuture<HttpResponse<String>>> bombs = new ArrayList<>();
            for (int i = 0; i < BOMBS; i++) bombs.add(post(http, base.resolve("embed"), bomb, 60));
            for (int i = 0; i < 20; i++) sockets.add(stalledUpload(base.getPort()));
            List<CompletableFuture<Long>> tricklers = new ArrayList<>();
            for (int i = 0; i < 6; i++)
                tricklers.add(CompletableFuture.supplyAsync(() -> trickleHeaders(base.getPort())));
            Random random = new Random(7);
            for (int i = 0; i < 10; i++) {
                byte[] garbage = new byte[1000 + random.nextInt(50_000)];
                random.nextBytes(garbage);
                CompletableFuture<HttpResponse<String>> answer = post(http, base.resolve("embed"), garbage, 10);
                clients.add(answer.thenAccept(r -> {
                    if (r.statusCode() != 400) problems.add("garbage upload: " + r.statusCode() + " " + r.body());
                }));
            }

            // well-behaved: two clients embedding, one asking /health
            for (int c = 0; c < 2; c++) {
                clients.add(CompletableFuture.runAsync(() -> {
                    while (loading.get()) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = post(http, base.resolve("embed"), photo, TIMEOUT_S + 1)
                                .exceptionally(e -> null)
                                .join();
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        embedMs.add(ms);
                        if (r == null || r.statusCode() != 200) {
                            problems.add("well-behaved /embed after " + ms + " ms: "
                                    + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
                        }
                    }
                }));
            }
            clients.add(CompletableFuture.runAsync(() -> {
                while (loading.get()) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(
                                HttpRequest.newBuilder(base.resolve("health"))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) problems.add("/health: " + r.statusCode());
                        healthMs.add((System.nanoTime() - t0) / 1_000_000);
                        Thread.sleep(200);
                    } catch (IOException | InterruptedException e) {
                        problems.add("/health: " + e);
                    }
                }
            }));

            for (CompletableFuture<HttpResponse<String>> b : bombs) {
                HttpResponse<String> r = b.get(TIMEOUT_S + 3, TimeUnit.SECONDS); // its answer, within its time
                bombAnswers.add(r.statusCode());
                if (r.statusCode() == 500) problems.add("a bomb upload: " + r.body());
            }
            List<Long> trickledMs = new ArrayList<>();
            for (CompletableFuture<Long> t : tricklers) {
                long ms = t.get(TIMEOUT_S + 10, TimeUnit.SECONDS);
                trickledMs.add(ms);
                assertTrue(ms < (TIMEOUT_S + 2) * 1000L, "trickled headers were accepted for " + ms + " ms");
            }
            long rssMb = peakRssMb(serve.process.pid());
            assertTrue(rssMb < MAX_RSS_MB, "the service reached " + rssMb + " MB resident");

            // SIGTERM with bombs and well-behaved requests in flight: each is answered, the service exits 0
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 3; i++) inFlight.add(post(http, base.resolve("embed"), bomb, 60));
            for (int i = 0; i < 3; i++) inFlight.add(post(http, base.resolve("embed"), photo, 60));
            Thread.sleep(700);
            loading.set(false);
            serve.signal("TERM");
            long termed = System.nanoTime();
            for (CompletableFuture<HttpResponse<String>> f : inFlight) {
                HttpResponse<String> r = f.exceptionally(e -> null).get(TIMEOUT_S + 5, TimeUnit.SECONDS);
                if (r == null) problems.add("a request in flight at SIGTERM got no answer");
                else if (r.statusCode() != 200 && r.statusCode() != 503 && r.statusCode() != 408) {
                    problems.add("in flight at SIGTERM: " + r.statusCode() + " " + r.body());
                }
            }
            assertTrue(serve.process.waitFor(TIMEOUT_S + 10, TimeUnit.SECONDS), "serve did not stop after SIGTERM");
            long exitMs = (System.nanoTime() - termed) / 1_000_000;
            assertEquals(0, serve.process.exitValue(), Files.readString(serve.log));
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            assertTrue(problems.isEmpty(), String.join("\n", problems));
            List<Long> sorted = new ArrayList<>(healthMs);
            Collections.sort(sorted);
            assertTrue(sorted.size() >= 10, "only " + sorted.size() + " /health answers");
            long median = sorted.get(sorted.size() / 2);
            List<Long> embeds = new ArrayList<>(embedMs);
            Collections.sort(embeds);
            System.out.printf(
                    "under load: %d well-behaved /embed, all 200, median %d ms, max %d ms; /health median %d ms, max %d"
                            + " ms (%d); bombs answered %s; trickled heads closed after %s ms; peak RSS %d MB; exit"
                            + " %d ms after SIGTERM%n",
                    embeds.size(),
                    embeds.get(embeds.size() / 2),
                    embeds.get(embeds.size() - 1),
                    median,
                    sorted.get(sorted.size() - 1),
                    sorted.size(),
                    bombAnswers,
                    trickledMs,
                    rssMb,
                    exitMs);
            assertTrue(median < 100, "/health took " + median + " ms (median of " + sorted + ")");
            String log = Files.readString(serve.log);
            assertTrue(!log.contains("Exception") && !log.contains("Couldn't stop"), log);
        } finally {
            loading.set(false);
            for (Socket s : sockets) s.close();
            serve.process.destroyForcibly();
        }
    }

    private static CompletableFuture<HttpResponse<String>> post(HttpClient http, URI uri, byte[] body, int seconds) {
        return http.sendAsync(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(seconds))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Headers announcing 1,000 bytes, then 3 of them. */
    private static Socket stalledUpload(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        OutputStream out = s.getOutputStream();
        out.write(("POST /embed HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nabc")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    /** A header line a second until the service answers or closes; how long that took, in milliseconds. */
    private static long trickleHeaders(int port) {
        long t0 = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            s.setSoTimeout(1000); // each read waits a second: the pace of the trickle
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 60; i++) {
                out.write(("X-Slow-" + i + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                try {
                    in.read(); // an answer, or the end of the connection
                    break;
                } catch (SocketTimeoutException e) {
                    // nothing yet: the next line
                }
            }
        } catch (IOException e) {
            // the service closed the connection: what it should do
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static int port(Subprocess serve) throws Exception {
        Pattern serving = Pattern.compile("serving .* on http://127\\.0\\.0\\.1:(\\d+)/");
        for (int i = 0; i < 1200; i++) {
            if (!serve.process.isAlive()) throw new AssertionError(Files.readString(serve.log));
            Matcher m = serving.matcher(Files.readString(serve.log));
            if (m.find()) return Integer.parseInt(m.group(1));
            Thread.sleep(100);
        }
        throw new AssertionError("serve did not start:\n" + Files.readString(serve.log));
    }

    private static long peakRssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
        throw new IOException("no VmHWM in /proc/" + pid + "/status");
    }
}
