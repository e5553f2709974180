package io.snclr.serve;

import io.snclr.api.Embeddings;
import io.snclr.files.FileDigest;
import io.snclr.retrieval.CollectionMap;
import io.snclr.retrieval.Hit;
import io.snclr.retrieval.VectorSearch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The endpoints over the collection: search by an uploaded image or a stored row, and the stored images themselves.
 * Only files listed in the embeddings' index.csv are ever served, and only while their bytes are those embedded.
 */
final class CollectionEndpoints {
    private static final long MAX_ITEM_BYTES = 64L << 20;

    /** Rows one page of {@code GET /items} may list. */
    private static final int MAX_PAGE = 200;

    private final Embeddings embeddings;
    private final VectorSearch search;
    private final ServeSettings settings;
    /** The folder every recorded file is under: answers name files relative to it, never by the server's paths. */
    private final Path root;
    /** The map page, made at its first request. */
    private byte[] mapPage;

    /** @param embeddings null: no collection, every request here is 404 */
    CollectionEndpoints(Embeddings embeddings, VectorSearch search, ServeSettings settings) {
        this.embeddings = embeddings;
        this.search = search;
        this.settings = settings;
        this.root = embeddings == null ? null : commonFolder(embeddings);
    }

    /** The deepest folder holding every row's file (null when the rows are not files, as a data set's are not). */
    private static Path commonFolder(Embeddings embeddings) {
        Path common = null;
        for (int r = 0; r < embeddings.rows(); r++) {
            Path p = Path.of(embeddings.item(r).path());
            if (!p.isAbsolute()) return null;
            if (common == null) common = p.getParent();
            while (common != null && !p.startsWith(common)) common = common.getParent();
        }
        return common;
    }

    /** Whether the collection has a map ({@code snclr map}) to show at {@code /map}. */
    boolean hasMap() {
        return embeddings != null && Files.isRegularFile(embeddings.dir().resolve(CollectionMap.FILE));
    }

    /** {@code GET /map}: the map page, made once from map.json; files named relative to the collection. */
    synchronized byte[] mapPage() {
        if (!hasMap()) {
            throw new ApiError(
                    404,
                    "no map of the collection: run snclr map --embeddings DIR, then open /map again"
                            + (embeddings == null ? " (and start the service with --embeddings)" : ""));
        }
        if (mapPage == null) {
            CollectionMap map;
            try {
                map = CollectionMap.read(embeddings);
            } catch (IllegalArgumentException stale) { // a map of other embeddings is not shown for these
                throw new ApiError(404, stale.getMessage());
            }
            mapPage = MapPage.render(embeddings, map, r -> name(embeddings.item(r)), null)
                    .getBytes(StandardCharsets.UTF_8);
        }
        return mapPage;
    }

    /** A row's file as answers name it: relative to the collection's folder. */
    private String name(Embeddings.Item item) {
        return root == null
                ? item.path()
                : root.relativize(Path.of(item.path())).toString();
    }

    /** {@code GET /items?from=F&count=C}: a page of the collection's rows, to browse it. */
    Map<String, Object> browse(Request request) {
        if (embeddings == null) throw new ApiError(404, "no embeddings: start the service with --embeddings");
        Fields q = Request.extractQueryParameters(request);
        int from = intParameter(q, "from", 0), count = intParameter(q, "count", 60);
        if (from < 0) throw new ApiError(400, "from must be >= 0, got " + from);
        if (count < 1 || count > MAX_PAGE) throw new ApiError(400, "count must be 1.." + MAX_PAGE + ", got " + count);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int r = from; r < Math.min(embeddings.rows(), from + count); r++) {
            Embeddings.Item item = embeddings.item(r);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("row", r);
            m.put("path", name(item));
            m.put("label", item.label());
            items.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from);
        out.put("rows", embeddings.rows());
        out.put("items", items);
        return out;
    }

    /** A search request checked before its body is read: whether it searches with an upload (else a stored row). */
    boolean searchWantsImage(Request request) {
        if (search == null) throw new ApiError(404, "no embeddings to search: start the service with --embeddings");
        Fields q = Request.extractQueryParameters(request);
        int k = intParameter(q, "k", 10);
        if (k < 1 || k > settings.maxK()) throw new ApiError(400, "k must be 1.." + settings.maxK() + ", got " + k);
        if (q.get("row") == null) return true;
        row(q.getValue("row"));
        return false;
    }

    Map<String, Object> search(Request request, float[] vector) {
        Fields q = Request.extractQueryParameters(request);
        int k = intParameter(q, "k", 10);
        long t0 = System.nanoTime();
        Map<String, Object> out = new LinkedHashMap<>();
        List<Hit> hits;
        if (q.get("row") != null) {
            int row = row(q.getValue("row"));
            float[] v = embeddings.rows(row, 1);
            // the row itself is not its own neighbour
            hits = search.search(new float[][] {v}, k + 1).get(0).stream()
                    .filter(h -> h.row() != row)
                    .limit(k)
                    .toList();
            out.put("query", Map.of("row", row));
        } else {
            hits = search.search(new float[][] {vector}, k).get(0);
            out.put("query", "upload");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (Hit h : hits) {
            Embeddings.Item item = embeddings.item(h.row());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("row", h.row());
            r.put("path", name(item));
            r.put("label", item.label());
            r.put("score", h.score());
            results.add(r);
        }
        out.put("results", results);
        out.put("milliseconds", Math.round((System.nanoTime() - t0) / 1e5) / 10.0);
        return out;
    }

    void item(String number, Response response, Callback callback) {
        if (embeddings == null) throw new ApiError(404, "no embeddings: start the service with --embeddings");
        Embeddings.Item item = embeddings.item(row(number));
        Path file = Path.of(item.path());
        if (item.sha256() == null) {
            throw new ApiError(
                    404,
                    "row " + item.row() + ": its file's digest was not recorded (embeddings of a data "
                            + "set, or of an earlier version: run snclr embed again to serve the files)");
        }
        try {
            if (!Files.isRegularFile(file)) {
                throw new ApiError(404, "row " + item.row() + " is not a file on this machine: " + name(item));
            }
            if (Files.size(file) > MAX_ITEM_BYTES) throw new ApiError(413, "row " + item.row() + ": file too large");
            byte[] bytes = Files.readAllBytes(file);
            // only the bytes that were embedded are shown: a file replaced, or a link pointed elsewhere, is not
            if (!FileDigest.sha256(bytes).equals(item.sha256())) {
                throw new ApiError(404, "row " + item.row() + ": the file changed since it was embedded");
            }
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            String type = name.endsWith(".png") ? "image/png" : "image/jpeg";
            Routes.send(response, callback, 200, type, bytes);
        } catch (IOException e) {
            throw new ApiError(404, "row " + item.row() + ": cannot read " + name(item));
        }
    }

    private int row(String text) {
        int row;
        try {
            row = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ApiError(400, "row must be a whole number, got '" + text + "'");
        }
        if (row < 0 || row >= embeddings.rows()) {
            throw new ApiError(404, "no row " + row + " (the embeddings have rows 0.." + (embeddings.rows() - 1) + ")");
        }
        return row;
    }

    private static int intParameter(Fields q, String name, int fallback) {
        String v = q.getValue(name);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ApiError(400, name + " must be a whole number, got '" + v + "'");
        }
    }
}
