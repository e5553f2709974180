package io.snclr.retrieval;

import io.snclr.api.Embeddings;
import io.snclr.files.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The HNSW index measured against the exact scan on a collection of a given size: build time and bytes, recall@k of
 * held-out queries, per-query latency (p50, p99) and queries per second at 1..n threads, and the process's peak
 * resident memory. The collection is drawn around real embeddings ({@link SyntheticEmbeddings#around}), or around
 * random centres without them; the queries are drawn the same way with another seed, so none is in the collection.
 */
public final class IndexBenchmark {
    /**
     * @param real real embeddings to draw around (null: 1000 random centres)
     * @param noise the synthetic rows' noise, relative to the real per-dimension spread
     */
    public record Plan(
            Embeddings real,
            int rows,
            int dim,
            int queries,
            int k,
            double noise,
            HnswSettings settings,
            int candidates,
            int maxThreads) {}

    private IndexBenchmark() {}

    /** Runs the plan in {@code work} (the collection there is reused when it has the planned size); returns figures. */
    public static Map<String, Object> run(Plan p, Path work, Consumer<String> log) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        Path base = work.resolve("collection"), held = work.resolve("queries");
        long t0 = System.nanoTime();
        draw(p, base, p.rows(), 1, log);
        draw(p, held, p.queries(), 2, log);
        out.put("draw_seconds", seconds(t0));
        Embeddings collection = Embeddings.open(base), queries = Embeddings.open(held);
        out.put("rows", collection.rows());
        out.put("dim", collection.dim());
        out.put("source", collection.manifest().encoderSource());

        if (!HnswIndex.existsFor(collection)) HnswIndex.build(collection, p.settings(), p.maxThreads(), done -> {});
        out.put("index_bytes", bytes(base.resolve(HnswIndex.DIR)));
        out.put("vectors_bytes", Files.size(base.resolve("embeddings.npy")));
        log.accept("index: " + out);

        float[][] q = new float[queries.rows()][];
        for (int i = 0; i < q.length; i++) q[i] = queries.rows(i, 1);
        t0 = System.nanoTime();
        List<List<Hit>> truth = new ExactScan(collection, ExactScan.CHUNK).search(q, p.k());
        out.put("exact_seconds_per_query", seconds(t0) / q.length);
        try (HnswIndex index = HnswIndex.open(collection, p.candidates())) {
            out.put("search", index.describe());
            out.put("build_seconds", index.manifest().buildSeconds());
            for (int threads = 1; threads <= p.maxThreads(); threads *= 2) {
                Map<String, Object> r = timed(index, q, truth, p.k(), threads);
                out.put("threads_" + threads, r);
                log.accept(threads + " thread(s): " + r);
            }
        }
        out.put("peak_rss_mb", peakRssMegabytes());
        return out;
    }

    private static void draw(Plan p, Path dir, int rows, long seed, Consumer<String> log) throws IOException {
        if (Files.isRegularFile(dir.resolve("embeddings.json"))
                && Embeddings.open(dir).rows() == rows) return;
        Trees.delete(dir);
        log.accept("drawing " + rows + " rows into " + dir);
        if (p.real() != null) SyntheticEmbeddings.around(p.real(), rows, p.noise(), seed, dir);
        else SyntheticEmbeddings.clustered(dir, rows, p.dim(), 1000, p.noise(), seed);
    }

    /** Every query once, spread over {@code threads}: latency percentiles, queries per second, recall@k. */
    private static Map<String, Object> timed(HnswIndex index, float[][] q, List<List<Hit>> truth, int k, int threads) {
        index.search(Arrays.copyOf(q, Math.min(q.length, 50)), k); // warm the mapped pages and the JIT
        long[] nanos = new long[q.length];
        int[] found = new int[q.length];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < q.length; ) {
                        long s = System.nanoTime();
                        List<Hit> hits = index.search(new float[][] {q[i]}, k).get(0);
                        nanos[i] = System.nanoTime() - s;
                        Set<Integer> want = new HashSet<>();
                        truth.get(i).forEach(h -> want.add(h.row()));
                        for (Hit h : hits) if (want.contains(h.row())) found[i]++;
                    }
                }));
            }
            for (Future<?> w : work) w.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
        double wall = seconds(t0);
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("recall_at_k", Arrays.stream(found).sum() / (double) (k * q.length));
        r.put("p50_ms", sorted[sorted.length / 2] / 1e6);
        r.put("p99_ms", sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6);
        r.put("queries_per_second", q.length / wall);
        return r;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static long bytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path f : files.toList()) total += Files.size(f);
            return total;
        }
    }

    /** VmHWM of /proc/self/status: the most resident memory this process has had. */
    static double peakRssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
