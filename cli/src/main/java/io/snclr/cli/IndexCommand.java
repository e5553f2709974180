package io.snclr.cli;

import io.snclr.api.Embeddings;
import io.snclr.dist.DistEnv;
import io.snclr.dist.Launcher;
import io.snclr.files.Trees;
import io.snclr.retrieval.HnswIndex;
import io.snclr.retrieval.HnswSettings;
import io.snclr.train.Throttled;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snclr index}: the HNSW index of an embeddings folder, which search, serve and dedup then use. Embeddings
 * written in parts get one index per part (a shard), built by one process per part under {@code --nproc}, torchrun or
 * srun; the searches ask every shard and keep the best.
 */
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

    @Option(
            names = "--nproc",
            defaultValue = "1",
            description = "processes on this machine, each indexing its share of the parts of embeddings written in"
                    + " parts (embed --nproc); several machines: one process per rank, as torchrun and srun start them")
    int nproc;

    @Option(
            names = "--merge",
            description = "of embeddings in parts: one index over every part, built by this process, instead of one "
                    + "per part; searched faster than shards, built no faster")
    boolean merge;

    @Override
    public Integer call() throws Exception {
        if (nproc < 1) throw new IllegalArgumentException("--nproc must be >= 1, got " + nproc);
        Embeddings e = Embeddings.open(embeddings);
        Optional<DistEnv> rank = DistEnv.from(System.getenv());
        List<Embeddings> parts = merge ? List.of(e) : e.parts();
        HnswSettings settings = hnsw.settings(e.rows(), e.dim());
        if (merge && (nproc > 1 || rank.isPresent())) {
            throw new IllegalArgumentException(
                    "--merge: one index is built by one process (without --nproc, torchrun or srun)");
        }
        if (nproc > 1 && rank.isEmpty()) {
            if (parts.size() == 1) {
                throw new IllegalArgumentException("--nproc " + nproc + ": " + embeddings + " is one part (one index);"
                        + " embed with --nproc to have parts, or index without --nproc");
            }
            int code = Launcher.relaunch(
                    nproc,
                    Main.class.getName(),
                    spec.commandLine().getParseResult().originalArgs(),
                    null,
                    threads != null,
                    List.of());
            if (code == 0) summary(e, parts, settings);
            return code;
        }
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (workers < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + workers);
        int r = rank.map(DistEnv::rank).orElse(0),
                n = rank.map(DistEnv::worldSize).orElse(1);
        for (int p = r; p < parts.size(); p += n) {
            Embeddings part = parts.get(p);
            if (parts.size() > 1 && HnswIndex.builtWith(part, settings)) {
                LOG.info("part {} of {} has its index already ({}): kept", p, parts.size(), part.dir());
                continue;
            }
            String of = parts.size() > 1 ? " of part " + p : "";
            HnswIndex.build(
                    part,
                    settings,
                    workers,
                    new Throttled(done -> LOG.info("indexed {} of {} rows{}", done, part.rows(), of)));
        }
        if (rank.isEmpty()) summary(e, parts, settings);
        return 0;
    }

    /** What was indexed: {@code built}, the one index or the shards, built with {@code settings}. */
    private void summary(Embeddings e, List<Embeddings> built, HnswSettings settings) throws IOException {
        long bytes = 0;
        double seconds = 0;
        for (Embeddings part : built) {
            Path dir = part.dir().resolve(HnswIndex.DIR);
            bytes += Trees.bytes(dir);
            seconds += HnswIndex.manifestOf(part).buildSeconds();
        }
        String where = built.size() == 1
                ? e.dir().resolve(HnswIndex.DIR).toString()
                : built.size() + " shards, " + e.dir() + "/part-*/" + HnswIndex.DIR;
        spec.commandLine()
                .getOut()
                .printf(
                        "indexed %d rows of %d dimensions in %.1f s%s: %s (%.1f MB%s)%n",
                        e.rows(),
                        e.dim(),
                        seconds,
                        built.size() == 1 ? "" : " (build time summed over the shards)",
                        where,
                        bytes / 1048576.0,
                        settings.quantized() ? ", int8 vectors" : "");
    }
}
