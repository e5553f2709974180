package io.snclr.cli;

import io.snclr.api.Embedder;
import io.snclr.api.Embeddings;
import io.snclr.config.RunConfig;
import io.snclr.engine.Engine;
import io.snclr.retrieval.VectorSearch;
import io.snclr.serve.SearchServer;
import io.snclr.serve.ServeSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code snclr serve}: the HTTP service over a run's encoder and, with {@code --embeddings}, its collection. SIGTERM
 * and SIGINT stop it after the requests in flight have been answered; it then exits 0.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Serve a trained encoder over HTTP: POST /embed, POST /search, GET /items/N, GET /health, and a "
                + "web page at / to search the collection with an image.")
public final class ServeCommand implements Callable<Integer>, RunSettings {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, description = "run directory with encoder.pt and encoder.json")
    Path run;

    @Option(names = "--embeddings", description = "embeddings of the collection to search (snclr embed)")
    Path embeddings;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (0.0.0.0: every one)")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "port to listen on (0: any free one)")
    int port;

    @Mixin
    SearchChoice searchChoice;

    @Option(names = "--max-upload-mb", defaultValue = "20", description = "largest image accepted, in MB")
    double maxUploadMb;

    @Option(names = "--max-batch", defaultValue = "32", description = "most images embedded in one forward pass")
    int maxBatch;

    @Option(
            names = "--max-waiting",
            defaultValue = "256",
            description = "images waiting to be embedded beyond which requests get 503")
    int maxWaiting;

    @Option(names = "--max-k", defaultValue = "100", description = "most neighbours one search may ask for")
    int maxK;

    @Option(names = "--timeout", defaultValue = "30", description = "seconds a request may take, its upload included")
    int timeout;

    @Option(
            names = "--decode-megapixels",
            defaultValue = "120",
            description = "pixels, in millions, decoded at once across all requests (bounds the memory uploads take)")
    int decodeMegapixels;

    @Override
    public String[] sections() {
        return new String[] {"engine"};
    }

    @Override
    public Integer call() throws Exception {
        ServeSettings settings = new ServeSettings(
                host,
                port,
                Math.round(maxUploadMb * 1048576),
                maxBatch,
                maxWaiting,
                maxK,
                searchChoice.candidates,
                timeout,
                decodeMegapixels);
        RunConfig cfg = RunOptions.forSavedRun(spec, run);
        Engine engine = cfg.engine().start();
        Embeddings collection = embeddings == null ? null : Embeddings.open(embeddings);
        try (Embedder embedder = Embedder.open(run, engine.device(), true);
                VectorSearch search = collection == null ? null : searchChoice.open(collection)) {
            if (collection != null
                    && !embedder.weightsSha256().equals(collection.manifest().encoderSha256())) {
                throw new IllegalArgumentException("--embeddings " + embeddings + ": made by another encoder ("
                        + collection.manifest().encoderSource() + ") than the one of --run " + run);
            }
            try (SearchServer server = new SearchServer(embedder, collection, search, settings).start()) {
                CountDownLatch stopped = new CountDownLatch(1);
                for (String name : new String[] {"TERM", "INT"}) {
                    Signal.handle(new Signal(name), s -> {
                        LOG.info("SIG{}: answering the requests in flight, then stopping", name);
                        try {
                            server.stop();
                        } catch (Exception e) {
                            LOG.warn("stopping: {}", e.toString());
                        }
                        stopped.countDown();
                    });
                }
                spec.commandLine()
                        .getOut()
                        .printf(
                                "serving %s%s on http://%s:%d/ (Ctrl-C stops)%n",
                                run, search == null ? "" : " and " + search.describe(), host, server.port());
                spec.commandLine().getOut().flush();
                stopped.await();
                server.join();
            }
        }
        LOG.info("stopped");
        return 0;
    }
}
