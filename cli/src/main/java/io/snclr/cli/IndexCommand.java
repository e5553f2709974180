package io.snclr.cli;

import io.snclr.api.Embeddings;
import io.snclr.retrieval.HnswIndex;
import io.snclr.train.Throttled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr index}: the HNSW index of an embeddings folder, which search, serve and dedup then use. */
@Command(
        name = "index",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Build the approximate nearest-neighbour index (HNSW) of embeddings written by 'snclr embed'; "
                + "search, serve and dedup use it from then on.")
public final class IndexCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(IndexCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--embeddings", required = true, description = "directory with embeddings.npy and index.csv")
    Path embeddings;

    @Mixin
    HnswOptions hnsw;

    @Option(names = "--threads", description = "threads that build the graph (default: all cores)")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        Embeddings e = Embeddings.open(embeddings);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (workers < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + workers);
        HnswIndex.Manifest m = HnswIndex.build(
                e, hnsw.settings(), workers, new Throttled(done -> LOG.info("indexed {} of {} rows", done, e.rows())));
        Path dir = embeddings.resolve(HnswIndex.DIR);
        spec.commandLine()
                .getOut()
                .printf(
                        "indexed %d rows of %d dimensions in %.1f s: %s (%.1f MB)%n",
                        m.rows(), m.dim(), m.buildSeconds(), dir, bytes(dir) / 1048576.0);
        return 0;
    }

    private static long bytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path f : files.toList()) total += Files.size(f);
            return total;
        }
    }
}
