package io.snclr.retrieval;

import io.snclr.api.Embeddings;
import io.snclr.files.BuildInfo;
import io.snclr.files.Json;
import io.snclr.files.Trees;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.MMapDirectory;

/**
 * An HNSW graph over an embeddings file (Malkov and Yashunin 2018), built and searched by Lucene: one document per
 * row, its vector compared by dot product (the rows are unit vectors, so this is cosine) and its row number. The index
 * lives in {@code hnsw/} beside the embeddings and is memory-mapped when searched; the heap holds Lucene's small
 * per-segment structures only. It is built under a temporary name, merged to one segment, and described last by
 * {@code hnsw.json}, which names the embeddings it was built from (their SHA-256), so a half-built or stale index is
 * never searched.
 */
public final class HnswIndex implements VectorSearch {
    public static final String DIR = "hnsw";
    static final String VECTOR = "v";
    static final String ROW = "row";
    private static final String MANIFEST = "hnsw.json";

    /** What {@code hnsw.json} records. */
    /** hnsw.json: what the index was built from and with, and the snclr version that built it. */
    public record Manifest(
            int format,
            String npySha256,
            long rows,
            int dim,
            HnswSettings settings,
            double buildSeconds,
            String snclrVersion) {}

    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Manifest manifest;
    private final int candidates;
    /** The float vectors the int8 candidates are scored again with. */
    private final Embeddings embeddings;

    private HnswIndex(Directory directory, Manifest manifest, int candidates, Embeddings embeddings)
            throws IOException {
        this.embeddings = embeddings;
        this.directory = directory;
        this.reader = DirectoryReader.open(directory);
        this.searcher = new IndexSearcher(reader);
        this.manifest = manifest;
        this.candidates = candidates;
    }

    /** Whether {@code embeddings} have an index built from them (a stale or half-built one does not count). */
    public static boolean existsFor(Embeddings embeddings) {
        return manifestOf(embeddings) != null;
    }

    /** Whether {@code embeddings} have an index built from them with {@code settings}. */
    public static boolean builtWith(Embeddings embeddings, HnswSettings settings) {
        Manifest m = manifestOf(embeddings);
        return m != null && m.settings().equals(settings);
    }

    /** What the index of {@code embeddings} records (null: none, or one of other embeddings). */
    public static Manifest manifestOf(Embeddings embeddings) {
        Path file = embeddings.dir().resolve(DIR).resolve(MANIFEST);
        if (!Files.isRegularFile(file)) return null;
        Manifest m = Json.read(file, Manifest.class, "an index description");
        return m.npySha256().equals(embeddings.manifest().npySha256()) ? m : null;
    }

    /**
     * Opens the index of {@code embeddings}.
     *
     * @param candidates how many candidates the graph search keeps (at least k): more is slower and finds more of the
     *     true nearest rows
     * @throws IllegalArgumentException when there is none, or it was built from other embeddings
     */
    public static HnswIndex open(Embeddings embeddings, int candidates) {
        Path dir = embeddings.dir().resolve(DIR);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(embeddings.dir() + ": no index; build it with snclr index --embeddings "
                    + embeddings.dir() + " (or search with --exact)");
        }
        Manifest m = manifestOf(embeddings);
        if (m == null) {
            throw new IllegalArgumentException(dir + ": built from other embeddings than the ones beside it, or not"
                    + " finished; build it again with snclr index --embeddings " + embeddings.dir());
        }
        if (candidates < 1) throw new IllegalArgumentException("--candidates must be >= 1, got " + candidates);
        try {
            MMapDirectory directory = new MMapDirectory(dir);
            requireIntact(directory, dir, embeddings);
            return new HnswIndex(directory, m, candidates, embeddings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the index " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every file of the index matches the checksum in its footer (Lucene writes one into each): a damaged index is
     * refused before it is searched. Reads the whole index once, at the disk's speed.
     */
    private static void requireIntact(Directory directory, Path dir, Embeddings embeddings) throws IOException {
        for (String name : directory.listAll()) {
            if (name.equals(MANIFEST) || name.equals("write.lock")) continue;
            try (IndexInput in = directory.openInput(name, IOContext.READONCE)) {
                CodecUtil.checksumEntireFile(in);
            } catch (CorruptIndexException | EOFException e) {
                directory.close();
                throw new IllegalArgumentException(dir + ": damaged (" + name
                        + " does not match its checksum); build it " + "again with snclr index --embeddings "
                        + embeddings.dir() + " (or search with --exact)");
            }
        }
    }

    public Manifest manifest() {
        return manifest;
    }

    @Override
    public String describe() {
        HnswSettings s = manifest.settings();
        return "HNSW index of " + manifest.rows() + " rows (M " + s.maxConn() + ", beam " + s.beamWidth() + ", "
                + candidates + " candidates"
                + (s.quantized() ? ", int8 vectors, candidates scored again in float32" : "") + ")";
    }

    @Override
    public List<List<Hit>> search(float[][] queries, int k) {
        List<List<Hit>> out = new ArrayList<>();
        try {
            for (float[] q : queries) out.add(one(q, k));
        } catch (IOException e) {
            throw new UncheckedIOException("searching " + directory + ": " + e.getMessage(), e);
        }
        return out;
    }

    private List<Hit> one(float[] query, int k) throws IOException {
        boolean int8 = manifest.settings().quantized();
        int want = Math.max(k, candidates);
        // int8 scores cannot tell close neighbours apart: every candidate is scored again with its float vector
        TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, want), int8 ? want : k);
        List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
        List<LeafReaderContext> leaves = reader.leaves();
        for (ScoreDoc d : top.scoreDocs) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(d.doc, leaves));
            NumericDocValues rows = leaf.reader().getNumericDocValues(ROW);
            if (rows == null || !rows.advanceExact(d.doc - leaf.docBase)) {
                throw new IllegalStateException(directory + ": a document without its row");
            }
            int row = (int) rows.longValue();
            // Lucene's dot-product score is (1 + cos) / 2
            float cosine = int8 ? UnitVectors.dot(embeddings.rows(row, 1), 0, query) : 2 * d.score - 1;
            if (!(Math.abs(cosine) <= 1.001f)) { // unit vectors: anything else comes from damaged data
                throw new IllegalStateException(directory + ": a score of " + cosine + " between unit vectors; the "
                        + "index or the embeddings are damaged");
            }
            hits.add(new Hit(row, Math.max(-1f, Math.min(1f, cosine))));
        }
        if (int8) {
            hits.sort(Hit.BEST_FIRST);
            if (hits.size() > k) hits.subList(k, hits.size()).clear();
        }
        return hits;
    }

    @Override
    public void close() {
        try {
            reader.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Builds the index of {@code embeddings} (unit vectors) on {@code threads} threads, replacing an index that was
     * built from other embeddings.
     *
     * @param progress told the number of rows added so far, now and then
     * @return the manifest written
     */
    public static Manifest build(Embeddings embeddings, HnswSettings settings, int threads, IntConsumer progress) {
        UnitVectors.require(embeddings, "the index");
        Path dir = embeddings.dir().resolve(DIR);
        Path partial = embeddings.dir().resolve(DIR + ".partial");
        long t0 = System.nanoTime();
        ExecutorService merge = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            Trees.delete(partial);
            KnnVectorsFormat vectors = settings.format(threads, merge);
            IndexWriterConfig config = new IndexWriterConfig()
                    .setCodec(new Lucene912Codec() {
                        @Override
                        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                            return vectors;
                        }
                    })
                    .setRAMBufferSizeMB(settings.bufferMegabytes())
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE);
            try (Directory d = new MMapDirectory(partial);
                    IndexWriter writer = new IndexWriter(d, config)) {
                addAll(embeddings, writer, threads, progress);
                writer.forceMerge(1); // one graph: a query visits one segment
                writer.commit();
            }
            Manifest m = new Manifest(
                    1,
                    embeddings.manifest().npySha256(),
                    embeddings.rows(),
                    embeddings.dim(),
                    settings,
                    (System.nanoTime() - t0) / 1e9,
                    BuildInfo.version());
            Json.write(partial.resolve(MANIFEST), m);
            Trees.delete(dir);
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("building the index in " + partial + ": " + e.getMessage(), e);
        } finally {
            merge.shutdownNow();
        }
    }

    /** Adds every row as a document, in blocks handed to {@code threads} threads. */
    private static void addAll(Embeddings embeddings, IndexWriter writer, int threads, IntConsumer progress)
            throws IOException {
        int n = embeddings.rows(), block = 4096;
        AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        List<java.util.concurrent.Future<?>> work = new ArrayList<>();
        for (int t = 0; t < Math.max(1, threads); t++) {
            work.add(pool.submit(() -> {
                for (int from; (from = next.getAndAdd(block)) < n; ) {
                    int count = Math.min(block, n - from);
                    float[] rows = embeddings.rows(from, count);
                    for (int i = 0; i < count; i++) {
                        float[] v = new float[embeddings.dim()];
                        System.arraycopy(rows, i * v.length, v, 0, v.length);
                        Document doc = new Document();
                        doc.add(new KnnFloatVectorField(VECTOR, v, VectorSimilarityFunction.DOT_PRODUCT));
                        doc.add(new NumericDocValuesField(ROW, from + i));
                        writer.addDocument(doc);
                    }
                    progress.accept(done.addAndGet(count));
                }
                return null;
            }));
        }
        try {
            for (var w : work) w.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
