package io.snclr.retrieval;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * How an HNSW index is built.
 *
 * @param maxConn M, the neighbours each node keeps per layer (Lucene's default 16)
 * @param beamWidth efConstruction, the candidates considered when a node is inserted (Lucene's default 100)
 * @param quantized store the vectors as int8 (Lucene's scalar quantisation): a quarter of the bytes, a little recall
 * @param bufferMegabytes documents buffered in memory before a segment is written
 */
public record HnswSettings(int maxConn, int beamWidth, boolean quantized, int bufferMegabytes) {
    public static final HnswSettings DEFAULT = new HnswSettings(16, 100, false, 256);
    /**
     * Float vectors of this many bytes and more (8,388,608 rows at 128 dimensions, 2,097,152 at 512) are indexed as int8
     * unless told otherwise: from here the vectors a search keeps hot would pass 4 GiB, and int8 with its candidates
     * scored again in float32 lost 4 % of recall@10 at 1,000,000 rows (docs/performance.md).
     */
    public static final long QUANTIZE_FROM_BYTES = 4L << 30;

    /** Whether {@code rows} vectors of {@code dim} floats are indexed as int8 by default. */
    public static boolean quantizeByDefault(long rows, int dim) {
        return rows * dim * Float.BYTES >= QUANTIZE_FROM_BYTES;
    }

    /** Lucene's limit is 1024 dimensions; ResNet-50's representations have 2048. */
    static final int MAX_DIMENSIONS = 4096;

    public HnswSettings {
        if (maxConn < 2 || maxConn > 512) throw new IllegalArgumentException("--max-conn must be 2..512");
        if (beamWidth < 1 || beamWidth > 3200) throw new IllegalArgumentException("--beam-width must be 1..3200");
        if (bufferMegabytes < 16) throw new IllegalArgumentException("--buffer-mb must be >= 16");
    }

    /** Lucene's HNSW format with these settings, merging on {@code threads} threads, taking up to 4096 dimensions. */
    KnnVectorsFormat format(int threads, ExecutorService merge) {
        ExecutorService executor = threads > 1 ? merge : null; // Lucene refuses an executor for one thread
        int workers = Math.max(1, threads);
        KnnVectorsFormat lucene = quantized
                ? new Lucene99HnswScalarQuantizedVectorsFormat(maxConn, beamWidth, workers, 7, false, null, executor)
                : new Lucene99HnswVectorsFormat(maxConn, beamWidth, workers, executor);
        // the same name as Lucene's own format, so that reading the index needs nothing of ours
        return new KnnVectorsFormat(lucene.getName()) {
            @Override
            public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
                return lucene.fieldsWriter(state);
            }

            @Override
            public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
                return lucene.fieldsReader(state);
            }

            @Override
            public int getMaxDimensions(String field) {
                return MAX_DIMENSIONS;
            }
        };
    }
}
