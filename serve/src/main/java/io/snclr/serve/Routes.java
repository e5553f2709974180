package io.snclr.serve;

import static java.util.concurrent.CompletableFuture.completedFuture;

import io.snclr.api.Embedder;
import io.snclr.api.Embeddings;
import io.snclr.files.Json;
import io.snclr.retrieval.VectorSearch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's endpoints. Images arrive as the request body (the bytes of a JPEG or PNG file, as {@code curl
 * --data-binary @photo.jpg} sends them); answers are JSON, errors {@code {"error": "one line"}} with a 4xx or 5xx
 * status. Only files listed in the embeddings' index.csv are ever served.
 *
 * <ul>
 *   <li>{@code GET /} the web page; {@code GET /map} the map of the collection ({@code snclr map}); {@code GET
 *       /health} what is served;
 *   <li>{@code POST /embed} an image → {@code {"dim": D, "vector": [...]}};
 *   <li>{@code POST /search?k=10} an image, or {@code POST /search?row=N&k=10} with no body (a stored image) → the k
 *       nearest rows with path, label and cosine score;
 *   <li>{@code GET /items/N} the stored image of row N; {@code GET /items?from=F&count=C} a page of the rows, to
 *       browse them. Files are named relative to the collection's folder.
 * </ul>
 */
final class Routes {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
    private static final String PAGE = "index.html";
    private static final String HTML = "text/html; charset=utf-8";

    private final Embedder embedder;
    private final Embeddings embeddings;
    private final VectorSearch search;
    private final CollectionEndpoints collection;
    private final EmbedQueue queue;
    private final ServeSettings settings;
    private final byte[] page;
    private final Uploads uploads;
    private final UploadDecoder decoder;
    private final Executor answering;
    private final Set<CompletableFuture<float[]>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /**
     * @param embeddings null: no collection, so only /embed, /health and the page
     * @param answering where answers to uploads are built once their image is embedded (the request threads)
     */
    Routes(
            Embedder embedder,
            Embeddings embeddings,
            VectorSearch search,
            EmbedQueue queue,
            ServeSettings settings,
            Executor answering) {
        this.embedder = embedder;
        this.embeddings = embeddings;
        this.search = search;
        this.queue = queue;
        this.settings = settings;
        this.uploads = new Uploads(settings.maxUploadBytes(), settings.timeoutSeconds());
        this.decoder = new UploadDecoder(embedder, settings.decodeMegapixels() * 1_000_000L, settings.maxWaiting());
        this.answering = answering;
        this.collection = new CollectionEndpoints(embeddings, search, settings);
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
        void serve(Request request, Response response, Callback callback, String path) throws Exception;
    }

    /** What an upload endpoint answers, as JSON; an {@link ApiError} becomes its status and one line. */
    @FunctionalInterface
    private interface ImageEndpoint {
        /** @param vector the uploaded image's embedding, or null when the request names a stored row instead */
        Object answer(Request request, float[] vector);
    }

    /**
     * The endpoints as Jetty's path mappings, each with its one method: another method on a known path is 405, an
     * unknown path 404.
     */
    Handler handler() {
        PathMappingsHandler paths = new PathMappingsHandler();
        paths.addMapping(new ServletPathSpec(""), route("GET", (rq, rs, cb, p) -> send(rs, cb, 200, HTML, page)));
        paths.addMapping(
                new ServletPathSpec("/map"),
                route("GET", (rq, rs, cb, p) -> send(rs, cb, 200, HTML, collection.mapPage())));
        paths.addMapping(new ServletPathSpec("/health"), route("GET", (rq, rs, cb, p) -> json(rs, cb, 200, health())));
        paths.addMapping(
                new ServletPathSpec("/embed"), upload(rq -> true, (rq, v) -> Map.of("dim", v.length, "vector", v)));
        paths.addMapping(new ServletPathSpec("/search"), upload(collection::searchWantsImage, collection::search));
        paths.addMapping(new ServletPathSpec("/items/*"), route("GET", (rq, rs, cb, p) -> {
            String row = p.length() > "/items/".length() ? p.substring("/items/".length()) : "";
            if (row.isEmpty()) json(rs, cb, 200, collection.browse(rq));
            else collection.item(row, rs, cb);
        }));
        paths.addMapping(new ServletPathSpec("/"), route(null, (rq, rs, cb, p) -> {
            throw new ApiError(404, "no such endpoint: " + p);
        }));
        ContextHandler root = new ContextHandler("/"); // the mappings match paths within a context
        root.setHandler(paths);
        return root;
    }

    /** @param method the one method the endpoint answers (null: any) */
    private Handler route(String method, Endpoint endpoint) {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                // the request's own path: within a mapping Jetty gives the rest of it (/items/7 → /7)
                String path = request.getHttpURI().getDecodedPath();
                if (method != null && !method.equals(request.getMethod())) {
                    refuse(response, callback, new ApiError(405, request.getMethod() + " is not allowed on " + path));
                    return true;
                }
                try {
                    endpoint.serve(request, response, callback, path);
                } catch (ApiError e) {
                    refuse(response, callback, e);
                } catch (Exception e) {
                    LOG.warn("{} {}: {}", request.getMethod(), path, e.toString());
                    json(response, callback, 500, Map.of("error", "internal error: " + e.getMessage()));
                }
                return true;
            }
        };
    }

    /**
     * A POST endpoint whose image is read as it arrives, decoded inside the pixel budget and embedded in a batch, with
     * no request thread waiting meanwhile; one deadline ({@code --timeout}) from the start of the upload covers it all.
     *
     * @param wantsImage checks the request before its body is read, and says whether the body is an image to embed
     */
    private Handler upload(Predicate<Request> wantsImage, ImageEndpoint endpoint) {
        return route("POST", (request, response, callback, path) -> {
            boolean image = wantsImage.test(request);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.timeoutSeconds());
            CompletableFuture<float[]> vector = new CompletableFuture<>();
            inFlight.add(vector);
            if (stopping) vector.completeExceptionally(new ApiError(503, "the service is stopping"));
            uploads.read(request)
                    .thenCompose(body -> image ? embed(body, deadline) : completedFuture(null))
                    .whenComplete((v, failure) -> {
                        if (failure == null) vector.complete(v);
                        else vector.completeExceptionally(failure);
                    });
            vector.whenCompleteAsync(
                    (v, failure) -> {
                        inFlight.remove(vector);
                        if (failure != null) {
                            refuse(response, callback, uploads.refusal(failure));
                            return;
                        }
                        try {
                            json(response, callback, 200, endpoint.answer(request, v));
                        } catch (ApiError e) {
                            refuse(response, callback, e);
                        } catch (RuntimeException e) {
                            LOG.warn("{} {}: {}", request.getMethod(), path, e.toString());
                            json(response, callback, 500, Map.of("error", "internal error: " + e.getMessage()));
                        }
                    },
                    answering);
        });
    }

    /**
     * Refuses new uploads (503) and lets those in flight end, each by its own deadline ({@code --timeout} from its
     * start), waiting at most {@code graceNanos}; whatever is left then is answered 503.
     */
    void stop(long graceNanos) throws InterruptedException {
        stopping = true;
        long end = System.nanoTime() + graceNanos;
        while (!inFlight.isEmpty() && System.nanoTime() < end) Thread.sleep(20);
        for (CompletableFuture<float[]> v : List.copyOf(inFlight)) {
            v.completeExceptionally(new ApiError(503, "the service is stopping"));
        }
        decoder.close();
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
        h.put("map", collection.hasMap());
        long[] counts = queue.counts();
        h.put("batches", counts[0]);
        h.put("images_embedded", counts[1]);
        return h;
    }

    /** The upload's embedding by {@code deadline}, or a failure carrying the {@link ApiError} to answer. */
    private CompletableFuture<float[]> embed(byte[] image, long deadline) {
        return decoder.prepare(image, deadline)
                .thenCompose(queue::submit)
                .orTimeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                .handle((v, failure) -> {
                    if (failure == null) return v;
                    Throwable cause = ApiError.causeOf(failure);
                    if (cause instanceof ApiError a) throw a;
                    if (cause instanceof TimeoutException) {
                        throw new ApiError(
                                503,
                                "the image was not embedded within the --timeout of " + settings.timeoutSeconds()
                                        + " s; the service is busy, try again");
                    }
                    LOG.warn("embedding an upload: {}", cause.toString());
                    throw new ApiError(500, "internal error: embedding failed: " + cause.getMessage());
                });
    }

    static void json(Response response, Callback callback, int status, Object body) {
        send(response, callback, status, "application/json", Json.line(body).getBytes(StandardCharsets.UTF_8));
    }

    static void send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
