package io.snclr.eval;

import io.snclr.augment.BatchAugmenter;
import io.snclr.data.ImageSet;
import io.snclr.engine.Device;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import io.snclr.files.AtomicFile;
import io.snclr.files.Html;
import io.snclr.method.CandidateQueue;
import io.snclr.method.NeighborRanking;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.bytedeco.pytorch.Tensor;

/**
 * What SNCLR calls a query's soft neighbours, shown: the candidate set is the embedded training set (momentum keys
 * under the evaluation transform, one slot per image), each query's K candidates and their positiveness come from
 * {@link NeighborRanking#rank}, i.e. the code a training step runs; the grid shows them ranked by positiveness.
 */
public final class NeighborDisplay {
    private static final int CHUNK = 256;

    /** One query: its index in the query set and its neighbours (indices into the bank), best first. */
    public record Row(int query, int[] neighbors, float[] positiveness, float[] cosine) {}

    private NeighborDisplay() {}

    /** Ranks the bank's images for every query; keeps the {@code show} most positive of the K. */
    public static List<Row> rank(
            NeighborRanking method,
            ImageSet bank,
            ImageSet queries,
            int[] queryIndices,
            BatchAugmenter transform,
            Device device,
            int k,
            int show) {
        if (bank.size() < k)
            throw new IllegalArgumentException("--k " + k + " exceeds the " + bank.size() + " candidate images");
        method.train(false);
        List<Row> rows = new ArrayList<>();
        try (Scope scope = Scope.open()) {
            CandidateQueue candidates = new CandidateQueue(bank.size(), method.keyDim(), device); // slot i = image i
            for (int start = 0; start < bank.size(); start += CHUNK) {
                int[] idx = IntStream.range(start, Math.min(bank.size(), start + CHUNK))
                        .toArray();
                try (Scope chunk = Scope.open()) {
                    Tensor keys = method.keys(transform.plain(images(bank, idx)));
                    long[] labels =
                            Arrays.stream(idx).mapToLong(i -> bank.labels()[i]).toArray();
                    candidates.enqueue(keys, Tensors.onDeviceOf(Tensors.longs(labels, labels.length), keys));
                }
            }
            for (int start = 0; start < queryIndices.length; start += CHUNK) {
                int[] idx = Arrays.copyOfRange(queryIndices, start, Math.min(queryIndices.length, start + CHUNK));
                try (Scope chunk = Scope.open()) {
                    NeighborRanking.Ranked r = method.rank(transform.plain(images(queries, idx)), candidates, k);
                    long[] nn = Tensors.toLongs(r.neighbors().indices());
                    float[] w = Tensors.toFloats(r.positiveness()),
                            cos = Tensors.toFloats(r.neighbors().similarities());
                    for (int q = 0; q < idx.length; q++) rows.add(row(idx[q], q, k, show, nn, w, cos));
                }
            }
        } finally {
            method.train(true);
        }
        return rows;
    }

    private static Row row(int query, int q, int k, int show, long[] nn, float[] w, float[] cos) {
        Integer[] order = IntStream.range(0, k)
                .boxed()
                .sorted(Comparator.comparingDouble(j -> -w[q * k + j]))
                .toArray(Integer[]::new);
        int n = Math.min(show, k);
        int[] ids = new int[n];
        float[] pw = new float[n], pc = new float[n];
        for (int j = 0; j < n; j++) {
            ids[j] = (int) nn[q * k + order[j]];
            pw[j] = w[q * k + order[j]];
            pc[j] = cos[q * k + order[j]];
        }
        return new Row(query, ids, pw, pc);
    }

    /** neighbors.png (the grid) and neighbors.html (the grid and every score) in {@code dir}. */
    public static void write(Path dir, ImageSet bank, ImageSet queries, List<Row> rows) {
        List<List<NeighborGrid.Tile>> grid = new ArrayList<>();
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>snclr neighbours</title><style>body{font-family:sans-serif}td,th{border:1px solid #ccc;"
                + "padding:2px 8px}table{border-collapse:collapse;margin-bottom:1em}.same{color:#2ca02c}.other{color:#d62728}"
                + "</style></head><body>\n<h1>Soft neighbours</h1>\n<p>Each query's top-K candidates from the embedded "
                + "training set, ranked by positiveness (Eq. 4) as in a training step.</p>\n"
                + "<img src=\"neighbors.png\" alt=\"neighbour grid\">\n");
        for (Row r : rows) {
            int ql = queries.labels()[r.query()];
            List<NeighborGrid.Tile> tiles = new ArrayList<>();
            tiles.add(tile(queries, r.query(), "query #" + r.query(), className(queries, ql), null));
            html.append("<table><tr><th colspan=\"5\">query #")
                    .append(r.query())
                    .append(" (")
                    .append(Html.escape(className(queries, ql)))
                    .append(")</th></tr>\n<tr><th>rank</th><th>image</th><th>class</th>")
                    .append("<th>positiveness</th><th>cosine</th></tr>\n");
            for (int j = 0; j < r.neighbors().length; j++) {
                int id = r.neighbors()[j], l = bank.labels()[id];
                Boolean same = ql < 0 || l < 0 ? null : l == ql;
                tiles.add(tile(bank, id, String.format("w = %.3f", r.positiveness()[j]), className(bank, l), same));
                html.append("<tr class=\"")
                        .append(same == null ? "" : same ? "same" : "other")
                        .append("\"><td>")
                        .append(j + 1)
                        .append("</td><td>#")
                        .append(id)
                        .append("</td><td>")
                        .append(Html.escape(className(bank, l)))
                        .append("</td><td>")
                        .append(String.format("%.4f", r.positiveness()[j]))
                        .append("</td><td>")
                        .append(String.format("%.4f", r.cosine()[j]))
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
            grid.add(tiles);
        }
        html.append("</body></html>\n");
        NeighborGrid.writePng(dir.resolve("neighbors.png"), grid);
        AtomicFile.writeString(dir.resolve("neighbors.html"), html.toString());
    }

    private static NeighborGrid.Tile tile(ImageSet set, int i, String line1, String line2, Boolean same) {
        byte[] px = new byte[set.imageBytes()];
        set.copyImage(i, px, 0);
        return new NeighborGrid.Tile(px, set.channels(), set.height(), set.width(), line1, line2, same);
    }

    private static String className(ImageSet set, int label) {
        if (label < 0) return "?";
        return label < set.classNames().size() ? set.classNames().get(label) : String.valueOf(label);
    }

    private static Tensor images(ImageSet set, int[] idx) {
        return Tensors.bytes(set.gather(idx), idx.length, set.channels(), set.height(), set.width());
    }
}
