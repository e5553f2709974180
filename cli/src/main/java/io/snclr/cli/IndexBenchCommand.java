package io.snclr.cli;

import io.snclr.api.Embeddings;
import io.snclr.files.Json;
import io.snclr.retrieval.IndexBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr bench-index}: the HNSW index against the exact scan at a collection size of your choosing. */
@Command(
        name = "bench-index",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Benchmark the HNSW index: build time and size, recall@k against the exact scan, latency "
                + "p50/p99 and queries/s at 1, 2, 4 ... threads, peak memory; on rows drawn around real embeddings.")
public final class IndexBenchCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(IndexBenchCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--around", description = "real embeddings (snclr embed) to draw the rows around")
    Path around;

    @Option(names = "--rows", defaultValue = "1000000", description = "rows of the collection")
    int rows;

    @Option(names = "--dim", defaultValue = "256", description = "dimensions, without --around")
    int dim;

    @Option(names = "--queries", defaultValue = "1000", description = "held-out queries")
    int queries;

    @Option(names = "--k", defaultValue = "10", description = "neighbours per query")
    int k;

    @Option(
            names = "--noise",
            defaultValue = "0.3",
            description = "the rows' noise relative to the real per-dimension spread")
    double noise;

    @Option(names = "--candidates", defaultValue = "100", description = "candidates the HNSW search keeps")
    int candidates;

    @Option(
            names = "--parts",
            defaultValue = "1",
            description = "the collection in this many parts, as embed --nproc writes it: an index per part, searched"
                    + " as shards")
    int parts;

    @Mixin
    HnswOptions hnsw;

    @Option(names = "--threads", description = "most threads (default: all cores)")
    Integer threads;

    @Option(names = "--work", required = true, description = "folder for the collection and its index (kept)")
    Path work;

    @Option(names = "--out", description = "JSON file for the figures")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (rows < 1 || queries < 1 || k < 1 || parts < 1) {
            throw new IllegalArgumentException("--rows, --queries, --k, --parts must be >= 1");
        }
        Embeddings real = around == null ? null : Embeddings.open(around);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        IndexBenchmark.Plan plan = new IndexBenchmark.Plan(
                real,
                rows,
                real != null ? real.dim() : dim,
                queries,
                k,
                noise,
                hnsw.settings(rows, real != null ? real.dim() : dim),
                candidates,
                workers,
                parts);
        Files.createDirectories(work);
        Map<String, Object> figures = IndexBenchmark.run(plan, work, line -> LOG.info("{}", line));
        String json = Json.MAPPER.writeValueAsString(figures);
        spec.commandLine().getOut().println(json);
        if (out != null) Json.write(out, figures);
        return 0;
    }
}
