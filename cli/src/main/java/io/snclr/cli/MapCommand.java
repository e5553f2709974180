package io.snclr.cli;

import io.snclr.api.Embeddings;
import io.snclr.files.AtomicFile;
import io.snclr.retrieval.CollectionMap;
import io.snclr.retrieval.MapLayout;
import io.snclr.retrieval.VectorSearch;
import io.snclr.serve.MapPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr map}: a 2-D map of a collection, as map.json and an interactive page. */
@Command(
        name = "map",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Lay a collection's embeddings out in 2-D (UMAP's method) and write map.json and map.html beside "
                + "them: a page to pan and zoom, with thumbnails and colours by folder. snclr serve shows it at /map, "
                + "where a click searches from the image.")
public final class MapCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(MapCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--embeddings", required = true, description = "directory with embeddings.npy and index.csv")
    Path embeddings;

    @Option(names = "--neighbours", defaultValue = "15", description = "neighbours per image in the graph (UMAP's)")
    int neighbours;

    @Option(
            names = "--epochs",
            defaultValue = "0",
            description = "passes of the layout (0: 500 up to 10,000 images, else 200, as UMAP)")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the layout")
    long seed;

    @Mixin
    SearchChoice searchChoice;

    @Option(names = "--threads", description = "threads (default: all cores)")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        Embeddings e = Embeddings.open(embeddings);
        MapLayout.Settings settings = new MapLayout.Settings(neighbours, epochs, seed);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        int passes = MapLayout.epochs(settings, e.rows());
        long t0 = System.nanoTime();
        float[] xy;
        try (VectorSearch search = searchChoice.open(e);
                CommandProgress progress =
                        CommandProgress.open("map", e.rows() + passes, "(images searched, then passes)", LOG)) {
            LOG.info("{}", search.describe());
            xy = MapLayout.layout(e, search, settings, workers, progress);
        }
        CollectionMap map = CollectionMap.of(e, xy, settings, passes);
        map.write(embeddings);
        Path page = embeddings.resolve("map.html");
        String html = MapPage.render(
                e,
                map,
                r -> e.item(r).path(),
                r -> Path.of(e.item(r).path()).toAbsolutePath().toUri().toString());
        AtomicFile.writeString(page, html);
        spec.commandLine()
                .getOut()
                .printf(
                        "map of %d images in %s (%.0f s; snclr serve --embeddings %s shows it at /map)%n",
                        e.rows(), page, (System.nanoTime() - t0) / 1e9, embeddings);
        if (Files.size(page) > 50L << 20) {
            LOG.info("map.html is {} MB: a browser may take a while to open it", Files.size(page) >> 20);
        }
        return 0;
    }
}
