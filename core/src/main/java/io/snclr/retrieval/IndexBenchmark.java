package io.snclr.retrieval;

import io.snclr.api.EmbeddingParts;
import io.snclr.api.Embeddings;
import io.snclr.engine.ResidentMemory;
import io.snclr.files.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
            int maxThreads,
            int parts) {}

    private IndexBenchmark() {}

    /** Runs the plan in {@code work} (the collection there is reused when it has the planned size); returns figures. */
    public static Map<String, Object> run(Plan p, Path work, Consumer<String> log) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        Path base = work.resolve("collection"), held = work.resolve("queries");
        long t0 = System.nanoTime();
        draw(p, base, p.rows(), 1, log);
        draw(p, held, p.queries(), 2, log);
        out.put("draw_seconds", seconds(t0));
        Embeddings collection = inParts(Embeddings.open(base), work, p.parts(), log), queries = Embeddings.open(held);
        out.put("rows", collection.rows());
        out.put("dim", collection.dim());
        out.put("parts", collection.parts().size());
        out.put("source", collection.manifest().encoderSource());

        long indexBytes = 0, vectorBytes = 0;
        double buildSeconds = 0, slowestPart = 0;
        for (Embeddings part : collection.parts()) {
            if (!HnswIndex.builtWith(part, p.settings()))
                HnswIndex.build(part, p.settings(), p.maxThreads(), done -> {});
            double s = HnswIndex.manifestOf(part).buildSeconds();
            buildSeconds += s;
            slowestPart = Math.max(slowestPart, s);
            indexBytes += Trees.bytes(part.dir().resolve(HnswIndex.DIR));
            vectorBytes += Files.size(part.dir().resolve("embeddings.npy"));
        }
        out.put("build_seconds", buildSeconds);
        out.put("slowest_part_build_seconds", slowestPart);
        out.put("index_bytes", indexBytes);
        out.put("vectors_bytes", vectorBytes);
        log.accept("index: " + out);

        float[][] q = new float[queries.rows()][];
        for (int i = 0; i < q.length; i++) q[i] = queries.rows(i, 1);
        Map<Integer, List<List<Hit>>> answers = new LinkedHashMap<>();
        try (VectorSearch index = VectorSearch.over(collection, false, p.candidates())) {
            out.put("search", index.describe());
            for (int threads = 1; threads <= p.maxThreads(); threads *= 2) {
                List<List<Hit>> hits = new ArrayList<>(Collections.nCopies(q.length, List.of()));
                out.put("threads_" + threads, timed(index, q, p.k(), threads, hits));
                answers.put(threads, hits);
            }
            // before the exact scan maps the vectors: what a process that only searches holds
            out.put("search_process_resident_mb", residentMegabytes());
        }
        t0 = System.nanoTime();
        List<List<Hit>> truth = new ExactScan(collection, ExactScan.CHUNK).search(q, p.k());
        out.put("exact_seconds_per_query", seconds(t0) / q.length);
        answers.forEach((threads, hits) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) out.get("threads_" + threads);
            r.put("recall_at_k", recall(truth, hits));
            log.accept(threads + " thread(s): " + r);
        });
        out.put("peak_rss_mb", megabytes(ResidentMemory.peakBytes()));
        return out;
    }

    /** The collection as is (one part), or written again in {@code parts} parts beside it (kept for the next run). */
    private static Embeddings inParts(Embeddings collection, Path work, int parts, Consumer<String> log)
            throws IOException {
        if (parts <= 1) return collection;
        Path dir = work.resolve("collection-" + parts + "-parts");
        if (Files.isRegularFile(dir.resolve("embeddings.json"))) {
            Embeddings e = Embeddings.open(dir);
            if (e.rows() == collection.rows()) return e;
        }
        Trees.delete(dir);
        log.accept("writing the collection again in " + parts + " parts into " + dir);
        return EmbeddingParts.split(collection, dir, parts);
    }

    private static void draw(Plan p, Path dir, int rows, long seed, Consumer<String> log) throws IOException {
        if (Files.isRegularFile(dir.resolve("embeddings.json"))
                && Embeddings.open(dir).rows() == rows) return;
        Trees.delete(dir);
        log.accept("drawing " + rows + " rows into " + dir);
        if (p.real() != null) SyntheticEmbeddings.around(p.real(), rows, p.noise(), seed, dir);
        else SyntheticEmbeddings.clustered(dir, rows, p.dim(), 1000, p.noise(), seed);
    }

    /** Every query once, spread over {@code threads}: latency percentiles and queries per second; hits kept. */
    private static Map<String, Object> timed(
            VectorSearch index, float[][] q, int k, int threads, List<List<Hit>> hits) {
        index.search(Arrays.copyOf(q, Math.min(q.length, 50)), k); // warm the mapped pages and the JIT
        long[] nanos = new long[q.length];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < q.length; ) {
                        long s = System.nanoTime();
                        List<Hit> found = index.search(new float[][] {q[i]}, k).get(0);
                        nanos[i] = System.nanoTime() - s;
                        hits.set(i, found);
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
        r.put("p50_ms", sorted[sorted.length / 2] / 1e6);
        r.put("p99_ms", sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6);
        r.put("queries_per_second", q.length / wall);
        return r;
    }

    /** The share of the true k nearest that were found. */
    private static double recall(List<List<Hit>> truth, List<List<Hit>> found) {
        long hit = 0, all = 0;
        for (int i = 0; i < truth.size(); i++) {
            Set<Integer> want = new HashSet<>();
            truth.get(i).forEach(h -> want.add(h.row()));
            for (Hit h : found.get(i)) if (want.contains(h.row())) hit++;
            all += truth.get(i).size();
        }
        return (double) hit / all;
    }

    /** This process's resident memory now: anonymous (heap, native) and file-backed (mapped index pages). */
    private static Map<String, Object> residentMegabytes() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("anon", megabytes(ResidentMemory.anonymousBytes()));
        r.put("file", megabytes(ResidentMemory.fileBytes()));
        return r;
    }

    /** Bytes in MB; -1 (not known, without /proc) stays -1. */
    private static double megabytes(long bytes) {
        return bytes < 0 ? -1 : bytes / 1048576.0;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
