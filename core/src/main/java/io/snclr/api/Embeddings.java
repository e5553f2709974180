package io.snclr.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Embeddings as {@link EmbeddingWriter} writes them ({@code embeddings.npy}, float32 N×D, and its {@code index.csv}),
 * memory-mapped: the heap holds one offset per row, whatever the size of the collection. Opened only when its manifest
 * says the writer finished and the files still have the size and SHA-256 it recorded. Embeddings written in parts by
 * several processes read as one: row r of the whole is row r − start of the part that holds it, parts in the order of
 * the collection's listing.
 */
public final class Embeddings {
    /**
     * One row's line of index.csv: the file (or data-set item) it was made from, its class ("" unlabelled) and the
     * SHA-256 of the file's bytes as they were embedded (null: not recorded, for data-set items and earlier versions).
     */
    public record Item(int row, String path, String label, String sha256) {}

    private final Path dir;
    private final EmbeddingsManifest manifest;
    private final List<EmbeddingsFile> files;
    /** Where each file's rows start in the whole, and the total at the end. */
    private final int[] starts;
    /** Each part as embeddings of its own; empty when the rows are in one folder. */
    private final List<Embeddings> parts;

    private Embeddings(Path dir, EmbeddingsManifest manifest, List<EmbeddingsFile> files, List<Embeddings> parts) {
        this.dir = dir;
        this.manifest = manifest;
        this.files = files;
        this.parts = parts;
        this.starts = new int[files.size() + 1];
        long total = 0;
        for (int i = 0; i < files.size(); i++) {
            starts[i] = (int) total;
            total += files.get(i).rows();
        }
        if (total > Integer.MAX_VALUE) throw new IllegalArgumentException(dir + ": more than 2^31 rows");
        starts[files.size()] = (int) total;
    }

    public static Embeddings open(Path dir) throws IOException {
        EmbeddingsManifest manifest = EmbeddingsManifest.read(dir);
        if (!manifest.parted())
            return new Embeddings(dir, manifest, List.of(EmbeddingsFile.open(dir, manifest)), List.of());
        List<Embeddings> parts = new ArrayList<>();
        List<EmbeddingsFile> files = new ArrayList<>();
        for (EmbeddingsManifest.Part p : manifest.parts()) {
            Path partDir = EmbeddingParts.resolve(dir, p.dir());
            EmbeddingsManifest own = EmbeddingsManifest.read(partDir);
            if (own.rows() != p.rows()
                    || own.dim() != manifest.dim()
                    || !own.npySha256().equals(p.npySha256())
                    || !own.indexSha256().equals(p.indexSha256())
                    || !Objects.equals(own.encoderSha256(), manifest.encoderSha256())) {
                throw new IllegalArgumentException(partDir + ": not the part " + dir.resolve(EmbeddingsManifest.FILE)
                        + " lists (written again since?); run snclr embed --out " + dir + " again");
            }
            EmbeddingsFile file = EmbeddingsFile.open(partDir, own);
            files.add(file);
            parts.add(new Embeddings(partDir, own, List.of(file), List.of()));
        }
        return new Embeddings(dir, manifest, files, List.copyOf(parts));
    }

    /** The folder the embeddings are in (of a parted folder: the one above the parts). */
    public Path dir() {
        return dir;
    }

    /** What the writer recorded: the encoder that made the embeddings, whether they are unit vectors, ... */
    public EmbeddingsManifest manifest() {
        return manifest;
    }

    /** The parts in row order, each readable on its own; a folder written in one piece is its only part. */
    public List<Embeddings> parts() {
        return parts.isEmpty() ? List.of(this) : parts;
    }

    /** The row of the whole where part {@code part}'s first row is. */
    public int partStart(int part) {
        return starts[part];
    }

    public int rows() {
        return starts[files.size()];
    }

    public int dim() {
        return manifest.dim();
    }

    /** Rows [from, from + count) as one row-major float array. */
    public float[] rows(int from, int count) {
        if (from < 0 || count < 0 || from + count > rows()) {
            throw new IndexOutOfBoundsException("rows " + from + ".." + (from + count) + " of " + rows());
        }
        float[] out = new float[count * dim()];
        int done = 0;
        while (done < count) {
            int row = from + done, f = fileOf(row);
            int inFile = Math.min(count - done, starts[f + 1] - row);
            files.get(f).copy(row - starts[f], inFile, out, done * dim());
            done += inFile;
        }
        return out;
    }

    /** The part holding {@code row}: the last whose first row is at or before it (empty parts hold none). */
    private int fileOf(int row) {
        int lo = 0, hi = files.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= row) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** The index.csv line of a row (row,path,label,sha256), numbered as a row of the whole. */
    public String describe(int row) {
        if (row < 0 || row >= rows()) throw new IndexOutOfBoundsException("row " + row + " of " + rows());
        int f = fileOf(row);
        return row + files.get(f).lineAfterRow(row - starts[f]);
    }

    /** A row's path and label, parsed from its index.csv line (quoted fields as {@link EmbeddingWriter} quotes). */
    public Item item(int row) {
        List<String> fields = CsvLine.split(describe(row));
        if (fields.size() != 3 && fields.size() != 4) {
            throw new IllegalStateException(dir.resolve(EmbeddingsManifest.INDEX) + ": row " + row + " has "
                    + fields.size() + " fields, expected row,path,label,sha256");
        }
        String sha = fields.size() == 4 && !fields.get(3).isEmpty() ? fields.get(3) : null;
        return new Item(row, fields.get(1), fields.get(2), sha);
    }
}
