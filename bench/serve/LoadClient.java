// Load on snclr serve (measurement only, not part of the build): N clients upload images in a loop for S seconds.
//   java bench/serve/LoadClient.java http://127.0.0.1:8080 IMAGE_FOLDER CLIENTS SECONDS [embed|search]
// Prints requests/s, latency p50/p99 (ms), the statuses seen, and the server's batches (GET /health before/after).
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

public class LoadClient {
    public static void main(String[] a) throws Exception {
        String base = a[0];
        int clients = Integer.parseInt(a[2]);
        long seconds = Long.parseLong(a[3]);
        String endpoint = a.length > 4 && a[4].equals("embed") ? "/embed" : "/search?k=10";
        List<byte[]> images = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(a[1]))) {
            for (Path f : files.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).limit(200).toList()) {
                images.add(Files.readAllBytes(f));
            }
        }
        HttpClient http = HttpClient.newBuilder().build();
        long[] before = batches(http, base);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                int i = client;
                while (System.nanoTime() < end) {
                    byte[] body = images.get(i++ % images.size());
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(
                                HttpRequest.newBuilder(URI.create(base + endpoint))
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        latencies.add(System.nanoTime() - t0);
                        statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    } catch (Exception e) {
                        statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        long[] after = batches(http, base);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(
                "%d clients, %s: %.1f requests/s, p50 %.1f ms, p99 %.1f ms, statuses %s, %.2f images per batch%n",
                clients,
                endpoint,
                sorted.size() / (double) seconds,
                sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)) / 1e6,
                new TreeMap<>(statuses),
                (after[1] - before[1]) / (double) Math.max(1, after[0] - before[0]));
    }

    private static long[] batches(HttpClient http, String base) throws Exception {
        String h = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        return new long[] {field(h, "batches"), field(h, "images_embedded")};
    }

    private static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
