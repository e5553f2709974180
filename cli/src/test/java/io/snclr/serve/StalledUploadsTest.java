package io.snclr.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.api.Embedder;
import io.snclr.engine.Device;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that announce an upload and then stall hold no request thread: with 80 such connections open (more than the
 * service's 64 threads) {@code /health} and a well-behaved {@code /embed} are still answered at once, and each stalled
 * upload is answered 408 when {@code --timeout} has passed since it began, however it trickles.
 */
class StalledUploadsTest extends TorchTest {
    private static final int STALLED = 80;

    @Test
    void stalledUploadsHoldNoThreadAndEndAtTheTimeout(@TempDir Path tmp) throws Exception {
        Path images = ServeFixtures.photos(tmp, 4);
        Path run = ServeFixtures.untrainedRun(images, tmp.resolve("run"));
        byte[] image = Files.readAllBytes(images.resolve("1.png"));
        try (Embedder embedder = Embedder.open(run, Device.CPU, true);
                SearchServer server = new SearchServer(
                                embedder, null, null, new ServeSettings("127.0.0.1", 0, 60_000, 8, 64, 20, 100, 3, 120))
                        .start()) {
            List<Socket> stalled = new ArrayList<>();
            try {
                long opened = System.nanoTime();
                for (int i = 0; i < STALLED; i++) stalled.add(stall(server.port()));
                Thread.sleep(300); // every stalled request has reached the service
                HttpClient http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();
                URI base = URI.create("http://127.0.0.1:" + server.port());
                long t0 = System.nanoTime();
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(base.resolve("/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                long healthMs = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(200, health.statusCode());
                assertTrue(healthMs < 1000, "/health took " + healthMs + " ms beside " + STALLED + " stalled uploads");
                HttpResponse<String> embedded = http.send(
                        HttpRequest.newBuilder(base.resolve("/embed"))
                                .timeout(Duration.ofSeconds(3))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(image))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, embedded.statusCode(), embedded.body());

                // the one that keeps trickling a byte a second is ended all the same
                Socket trickler = stalled.get(0);
                String first = null;
                for (int s = 0; s < 8 && first == null; s++) {
                    trickler.getOutputStream().write('x');
                    Thread.sleep(1000);
                    if (trickler.getInputStream().available() > 0) first = statusLine(trickler);
                }
                long endedMs = (System.nanoTime() - opened) / 1_000_000;
                assertTrue(first != null && first.contains(" 408 "), "trickled upload: " + first);
                assertTrue(endedMs < 6000, "the trickled upload ended after " + endedMs + " ms (timeout 3 s)");
                assertTrue(statusLine(stalled.get(STALLED - 1)).contains(" 408 "));
            } finally {
                for (Socket s : stalled) s.close();
            }
        }
    }

    /** Headers announcing 1,000 bytes, then 3 of them. */
    private static Socket stall(int port) throws Exception {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(
                ("POST /embed HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\nContent-Length: 1000\r\n\r\nabc")
                        .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    private static String statusLine(Socket s) throws Exception {
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) line.append((char) c);
        return line.toString().trim();
    }
}
