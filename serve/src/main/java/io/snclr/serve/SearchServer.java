package io.snclr.serve;

import io.snclr.api.Embedder;
import io.snclr.api.Embeddings;
import io.snclr.retrieval.VectorSearch;
import java.io.IOException;
import java.net.BindException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The service: Jetty's core server on one connector, the {@link Routes}, and the {@link EmbedQueue} that batches
 * images through the encoder. {@link #stop} lets the requests in flight finish before it closes the connector.
 */
public final class SearchServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final EmbedQueue queue;
    private final Routes routes;
    private final HeaderDeadline heads;
    private final ServeSettings settings;

    /**
     * @param embeddings null: embed only
     * @param search the search over {@code embeddings} (null with them)
     */
    public SearchServer(Embedder embedder, Embeddings embeddings, VectorSearch search, ServeSettings settings) {
        this.settings = settings;
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("snclr-http");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.timeoutSeconds() * 1000L);
        server.addConnector(connector);
        this.queue = new EmbedQueue(embedder, settings.maxBatch(), settings.maxWaiting());
        this.routes = new Routes(embedder, embeddings, search, queue, settings, threads);
        this.heads = new HeaderDeadline(routes.handler(), settings.timeoutSeconds());
        connector.addEventListener(heads);
        server.setHandler(new GracefulHandler(heads) {
            @Override
            protected void handleShutdownRejection(Request request, Response response, Callback callback) {
                Routes.json(response, callback, 503, Map.of("error", "the service is stopping"));
            }
        });
        server.setErrorHandler(
                new ErrorHandler() { // Jetty's own refusals (a malformed request, ...) as JSON too
                    @Override
                    protected void generateResponse(
                            Request request,
                            Response response,
                            int code,
                            String message,
                            Throwable cause,
                            Callback callback) {
                        String reason = message != null ? message : HttpStatus.getMessage(code);
                        Routes.json(response, callback, code, Map.of("error", code + " " + reason));
                    }
                });
        server.setStopTimeout(settings.timeoutSeconds() * 1000L);
        server.setStopAtShutdown(false); // the command stops it, so that a drained service exits 0
    }

    public SearchServer start() throws Exception {
        try {
            server.start();
            heads.watch(server.getScheduler());
        } catch (IOException e) {
            if (!(e instanceof BindException || e.getCause() instanceof BindException)) throw e;
            server.stop();
            throw new IllegalArgumentException("--port " + settings.port() + ": " + settings.host() + ":"
                    + settings.port() + " is in use by another program; choose another --port (0 picks a free one)");
        }
        return this;
    }

    /** The port listened on (the one chosen when the settings said 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * Refuses new uploads and lets the requests in flight finish: each ends by its deadline, {@code --timeout} after it
     * began, so the service stops within about that time however loaded it is.
     */
    public void stop() throws Exception {
        routes.stop(TimeUnit.SECONDS.toNanos(settings.timeoutSeconds() + 1));
        queue.close();
        server.stop();
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        if (!server.isStopped()) stop();
    }
}
