package io.snclr.cli;

import io.snclr.api.Embedder;
import io.snclr.api.EmbeddingParts;
import io.snclr.api.EmbeddingWriter;
import io.snclr.api.Embeddings;
import io.snclr.api.EmbeddingsManifest;
import io.snclr.config.RunConfig;
import io.snclr.data.Split;
import io.snclr.dist.DistEnv;
import io.snclr.dist.Launcher;
import io.snclr.engine.Device;
import io.snclr.engine.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snclr embed}: a trained encoder over a collection, streamed in batches (memory does not grow with the number
 * of images), to {@code embeddings.npy} + {@code index.csv}; unreadable images are skipped and listed. Under
 * {@code --nproc N}, torchrun or srun each process embeds its slice of the collection into a part of its own
 * ({@link EmbeddingParts}).
 */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Embed a folder of images (or the run's Fashion-MNIST split) with a trained encoder: "
                + "embeddings.npy (float32 N x D) and index.csv.")
public final class EmbedCommand implements Callable<Integer>, RunSettings {
    private static final Logger LOG = LoggerFactory.getLogger(EmbedCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, description = "run directory with encoder.pt and encoder.json")
    Path run;

    @Option(
            names = "--images",
            description = "folder of images to embed (ImageFolder tree or flat); default: the "
                    + "run's data (--data, --split)")
    Path images;

    @Option(names = "--split", defaultValue = "train", description = "train or test, when embedding the run's data")
    Split split;

    @Option(names = "--out", required = true, description = "directory for embeddings.npy and index.csv")
    Path out;

    @Option(names = "--normalize", defaultValue = "true", arity = "1", description = "L2-normalise the embeddings")
    boolean normalize;

    @Option(names = "--batch", defaultValue = "256", description = "images per forward pass")
    int batch;

    @Option(
            names = "--nproc",
            defaultValue = "1",
            description = "processes on this machine, each embedding a slice of the images into its own part of --out "
                    + "(part-R-of-N/); the same command again embeds only the parts that did not finish. Several "
                    + "machines: one process per rank with RANK and WORLD_SIZE set, as torchrun and srun do")
    int nproc;

    @Override
    public String[] sections() {
        return new String[] {"data", "engine"};
    }

    @Override
    public Integer call() throws Exception {
        if (batch < 1) throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        if (nproc < 1) throw new IllegalArgumentException("--nproc must be >= 1, got " + nproc);
        Optional<DistEnv> rank = DistEnv.from(System.getenv());
        if (nproc > 1 && rank.isEmpty()) return launch();
        RunConfig cfg = RunOptions.forSavedRun(spec, run);
        if (rank.isPresent() && cfg.engine().device().isCuda()) { // one GPU per local rank, as in pretrain
            cfg = cfg.withEngine(
                    cfg.engine().withDevice(Device.parse("cuda:" + rank.get().localRank())));
        }
        Engine engine = cfg.engine().start();
        try (Embedder embedder = Embedder.open(run, engine.device(), normalize)) {
            EmbedSource source = images != null
                    ? EmbedSource.folder(images)
                    : EmbedSource.dataSet(cfg.data(), cfg.seed(), split, embedder, run);
            if (rank.isPresent()) return part(embedder, source, rank.get());
            EmbeddingParts.requireResumable(out, 1); // nor parts of a run of several processes
            List<String> skipped = new ArrayList<>();
            long rows = write(embedder, source, out, 0, source.size(), skipped, null);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf(
                    "embedded %d images to %s (index.csv and embeddings.json beside it)%s%n",
                    rows, out.resolve(EmbeddingsManifest.NPY), skippedNote(skipped.size(), out));
        }
        return 0;
    }

    /** {@code --nproc N}: N processes of this command, then the manifest above their parts. */
    private int launch() throws Exception {
        EmbeddingParts.requireResumable(out, nproc);
        List<String> given = spec.commandLine().getParseResult().originalArgs();
        int code = Launcher.relaunch(
                nproc, Main.class.getName(), given, null, RunOptions.given(spec).containsKey("threads"), List.of());
        if (code != 0) return code;
        if (!EmbeddingParts.commitIfComplete(out, nproc)) {
            throw new IllegalStateException(out + ": the processes ended without finishing every part");
        }
        int skipped = 0;
        for (int p = 0; p < nproc; p++) {
            Path list = EmbeddingParts.dir(out, p, nproc).resolve("skipped.txt");
            if (Files.exists(list)) skipped += Files.readAllLines(list).size();
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "embedded %d images in %d parts below %s (%s lists them)%s%n",
                        Embeddings.open(out).rows(),
                        nproc,
                        out,
                        EmbeddingsManifest.FILE,
                        skipped == 0
                                ? ""
                                : "; " + skipped + " unreadable image(s) skipped, listed in each part's "
                                        + "skipped.txt");
        return 0;
    }

    /** One process of several: its slice, unless a run before finished it, then the manifest if it is the last. */
    private int part(Embedder embedder, EmbedSource source, DistEnv env) throws IOException {
        int r = env.rank(), n = env.worldSize();
        EmbeddingParts.requireResumable(out, n);
        EmbeddingsManifest.Slice slice = EmbeddingParts.slice(r, n, source.size(), source::name);
        Path dir = EmbeddingParts.dir(out, r, n);
        Optional<EmbeddingsManifest> done = EmbeddingParts.finished(out, slice, embedder.weightsSha256());
        if (done.isPresent()) {
            LOG.warn(
                    "part {} of {} was finished before ({} rows in {}): not embedded again",
                    r,
                    n,
                    done.get().rows(),
                    dir);
        } else {
            List<String> skipped = new ArrayList<>();
            int from = (int) slice.first(), to = (int) (slice.first() + slice.count());
            long rows = write(embedder, source, dir, from, to, skipped, slice);
            LOG.info("part {} of {}: embedded {} images to {}{}", r, n, rows, dir, skippedNote(skipped.size(), dir));
        }
        if (EmbeddingParts.commitIfComplete(out, n))
            LOG.info("every part is finished: {}", out.resolve(EmbeddingsManifest.FILE));
        return 0;
    }

    /** Items {@code [from, to)} of {@code source} into {@code dir}; the rows written. */
    private long write(
            Embedder e,
            EmbedSource source,
            Path dir,
            int from,
            int to,
            List<String> skipped,
            EmbeddingsManifest.Slice slice)
            throws IOException {
        try (EmbeddingWriter w =
                new EmbeddingWriter(dir, e.dimension(), normalize, e.weightsSha256(), run.toString())) {
            source.embed(e, w, from, to, batch, skipped, (done, total) -> {
                if (done == total || (done / batch) % 20 == 0) LOG.info("embedded {}/{} images", done, total);
            });
            if (!skipped.isEmpty()) Files.write(dir.resolve("skipped.txt"), skipped);
            w.finish(slice);
            return w.rows();
        }
    }

    private static String skippedNote(int skipped, Path dir) {
        return skipped == 0
                ? ""
                : "; " + skipped + " unreadable image(s) skipped, listed in " + dir.resolve("skipped.txt");
    }
}
