package io.snclr.serve;

import io.snclr.api.Embedder;
import io.snclr.api.Embeddings;
import io.snclr.files.FileDigest;
import io.snclr.files.Json;
import io.snclr.retrieval.Hit;
import io.snclr.retrieval.VectorSearch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's endpoints. Images arrive as the request body (the bytes of a JPEG or PNG file, as {@code curl
 * --data-binary @photo.jpg} sends them); answers are JSON, errors {@code {"error": "one line"}} with a 4xx or 5xx
 * status. Only files listed in the embeddings' index.csv are ever served.
 *
 * <ul>
 *   <li>{@code GET /} the web page; {@code GET /health} what is served;
 *   <li>{@code POST /embed} an image → {@code {"dim": D, "vector": [...]}};
 *   <li>{@code POST /search?k=10} an image, or {@code POST /search?row=N&k=10} with no body (a stored image) → the k
 *       nearest rows with path, label and cosine score;
 *   <li>{@code GET /items/N} the stored image of row N.
 * </ul>
 */
final class Routes {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
    private static final String PAGE = "index.html";
    private static final String HTML = "text/html; charset=utf-8";
    private static final long MAX_ITEM_BYTES = 64L << 20;

    private final Embedder embedder;
    private final Embeddings embeddings;
    private final VectorSearch search;
    private final EmbedQueue queue;
    private final ServeSettings settings;
    private final byte[] page;
    private final Uploads uploads;

    /** @param embeddings null: no collection, so only /embed, /health and the page */
    Routes(Embedder embedder, Embeddings embeddings, VectorSearch search, EmbedQueue queue, ServeSettings settings) {
        this.embedder = embedder;
        this.embeddings = embeddings;
        this.search = search;
        this.queue = queue;
        this.settings = settings;
        this.uploads = new Uploads(settings.maxUploadBytes(), settings.timeoutSeconds());
        try (InputStream in = Routes.class.getResourceAsStream(PAGE)) {
            if (in == null) throw new IllegalStateException("the web page is missing from the jar: " + PAGE);
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What an endpoint does with a request on its path; an {@link ApiError} becomes its status and one line. */
    @FunctionalInterface
    private interface Endpoint {
        /** @param body the request's body for an upload endpoint, else null */
        void serve(Request request, Response response, Callback callback, String path, byte[] body) throws Exception;
    }

    /**
     * The endpoints as Jetty's path mappings, each with its one method: another method on a known path is 405, an
     * unknown path 404.
     */
    Handler handler() {
        PathMappingsHandler paths = new PathMappingsHandler();
        paths.addMapping(new ServletPathSpec(""), route("GET", (rq, rs, cb, p, b) -> send(rs, cb, 200, HTML, page)));
        paths.addMapping(
                new ServletPathSpec("/health"), route("GET", (rq, rs, cb, p, b) -> json(rs, cb, 200, health())));
        paths.addMapping(new ServletPathSpec("/embed"), upload((rq, rs, cb, p, body) -> {
            float[] v = embed(body);
            json(rs, cb, 200, Map.of("dim", v.length, "vector", v));
        }));
        paths.addMapping(
                new ServletPathSpec("/search"), upload((rq, rs, cb, p, body) -> json(rs, cb, 200, search(rq, body))));
        paths.addMapping(
                new ServletPathSpec("/items/*"),
                route("GET", (rq, rs, cb, p, b) -> item(p.substring("/items/".length()), rs, cb)));
        paths.addMapping(new ServletPathSpec("/"), route(null, (rq, rs, cb, p, b) -> {
            throw new ApiError(404, "no such endpoint: " + p);
        }));
        ContextHandler root = new ContextHandler("/"); // the mappings match paths within a context
        root.setHandler(paths);
        return root;
    }

    /** @param method the one method the endpoint answers (null: any) */
    private Handler route(String method, Endpoint endpoint) {
        return handler(method, false, endpoint);
    }

    /** A POST endpoint called once its body has arrived; no thread waits for the body meanwhile. */
    private Handler upload(Endpoint endpoint) {
        return handler("POST", true, endpoint);
    }

    private Handler handler(String method, boolean upload, Endpoint endpoint) {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                // the request's own path: within a mapping Jetty gives the rest of it (/items/7 → /7)
                String path = request.getHttpURI().getDecodedPath();
                if (method != null && !method.equals(request.getMethod())) {
                    refuse(response, callback, new ApiError(405, request.getMethod() + " is not allowed on " + path));
                } else if (!upload) {
                    answer(request, response, callback, path, null, endpoint);
                } else {
                    uploads.read(request).whenComplete((body, failure) -> {
                        if (failure != null) refuse(response, callback, uploads.refusal(failure));
                        else answer(request, response, callback, path, body, endpoint);
                    });
                }
                return true;
            }
        };
    }

    private static void answer(
            Request request, Response response, Callback callback, String path, byte[] body, Endpoint endpoint) {
        try {
            endpoint.serve(request, response, callback, path, body);
        } catch (ApiError e) {
            refuse(response, callback, e);
        } catch (Exception e) {
            LOG.warn("{} {}: {}", request.getMethod(), path, e.toString());
            json(response, callback, 500, Map.of("error", "internal error: " + e.getMessage()));
        }
    }

    private static void refuse(Response response, Callback callback, ApiError refusal) {
        json(response, callback, refusal.status, Map.of("error", refusal.getMessage()));
    }

    private Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "ok");
        h.put("encoder_sha256", embedder.weightsSha256());
        h.put("dim", embedder.dimension());
        h.put("image_size", embedder.imageSize());
        h.put("rows", embeddings == null ? 0 : embeddings.rows());
        h.put("search", search == null ? "none (no --embeddings)" : search.describe());
        long[] counts = queue.counts();
        h.put("batches", counts[0]);
        h.put("images_embedded", counts[1]);
        return h;
    }

    private float[] embed(byte[] image) {
        if (image.length == 0) throw new ApiError(400, "no image: send the bytes of a JPEG or PNG file as the body");
        byte[] pixels;
        try {
            pixels = embedder.prepare(image);
        } catch (IOException e) {
            throw new ApiError(400, "not a usable image: " + e.getMessage());
        }
        try {
            return queue.submit(pixels).get(settings.timeoutSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiError a) throw a;
            throw new IllegalStateException("embedding failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new ApiError(503, "the embedding took longer than " + settings.timeoutSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "stopping");
        }
    }

    private Map<String, Object> search(Request request, byte[] body) {
        if (search == null) throw new ApiError(404, "no embeddings to search: start the service with --embeddings");
        Fields q = Request.extractQueryParameters(request);
        int k = intParameter(q, "k", 10);
        if (k < 1 || k > settings.maxK()) throw new ApiError(400, "k must be 1.." + settings.maxK() + ", got " + k);
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
            hits = search.search(new float[][] {embed(body)}, k).get(0);
            out.put("query", "upload");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (Hit h : hits) {
            Embeddings.Item item = embeddings.item(h.row());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("row", h.row());
            r.put("path", item.path());
            r.put("label", item.label());
            r.put("score", h.score());
            results.add(r);
        }
        out.put("results", results);
        out.put("milliseconds", Math.round((System.nanoTime() - t0) / 1e5) / 10.0);
        return out;
    }

    private void item(String number, Response response, Callback callback) {
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
                throw new ApiError(404, "row " + item.row() + " is not a file on this machine: " + item.path());
            }
            if (Files.size(file) > MAX_ITEM_BYTES) throw new ApiError(413, "row " + item.row() + ": file too large");
            byte[] bytes = Files.readAllBytes(file);
            // only the bytes that were embedded are shown: a file replaced, or a link pointed elsewhere, is not
            if (!FileDigest.sha256(bytes).equals(item.sha256())) {
                throw new ApiError(404, "row " + item.row() + ": the file changed since it was embedded");
            }
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            String type = name.endsWith(".png") ? "image/png" : "image/jpeg";
            send(response, callback, 200, type, bytes);
        } catch (IOException e) {
            throw new ApiError(404, "row " + item.row() + ": cannot read " + item.path());
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

    static void json(Response response, Callback callback, int status, Object body) {
        send(response, callback, status, "application/json", Json.line(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
