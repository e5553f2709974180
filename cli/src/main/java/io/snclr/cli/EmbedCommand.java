package io.snclr.cli;

import io.snclr.api.Embedder;
import io.snclr.api.EmbeddingWriter;
import io.snclr.api.EmbeddingsManifest;
import io.snclr.config.RunConfig;
import io.snclr.data.DataConfig;
import io.snclr.data.DataSplits;
import io.snclr.data.ImageFolder;
import io.snclr.data.ImageSet;
import io.snclr.data.Split;
import io.snclr.engine.Engine;
import io.snclr.files.FileDigest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snclr embed}: a trained encoder over a collection, streamed in batches (memory does not grow with the number
 * of images), to {@code embeddings.npy} + {@code index.csv}; unreadable images are skipped and listed.
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

    @Override
    public String[] sections() {
        return new String[] {"data", "engine"};
    }

    @Override
    public Integer call() throws IOException {
        if (batch < 1) throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        RunConfig cfg = RunOptions.forSavedRun(spec, run);
        Engine engine = cfg.engine().start();
        List<String> skipped = new ArrayList<>();
        long rows;
        try (Embedder embedder = Embedder.open(run, engine.device(), normalize);
                EmbeddingWriter writer = new EmbeddingWriter(
                        out, embedder.dimension(), normalize, embedder.weightsSha256(), run.toString())) {
            if (images != null) folder(embedder, writer, skipped);
            else dataSet(embedder, writer, cfg.data(), cfg.seed());
            writer.finish();
            rows = writer.rows();
        }
        if (!skipped.isEmpty()) Files.write(out.resolve("skipped.txt"), skipped);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(
                "embedded %d images to %s (index.csv and embeddings.json beside it)%s%n",
                rows,
                out.resolve(EmbeddingsManifest.NPY),
                skipped.isEmpty()
                        ? ""
                        : "; " + skipped.size() + " unreadable image(s) skipped, listed in "
                                + out.resolve("skipped.txt"));
        return 0;
    }

    private void folder(Embedder e, EmbeddingWriter w, List<String> skipped) throws IOException {
        ImageFolder.Listing listing = ImageFolder.list(images);
        int size = e.imageSize(),
                c = e.channels(),
                bytes = c * size * size,
                n = listing.files().size();
        for (int from = 0; from < n; from += batch) {
            int[] idx = IntStream.range(from, Math.min(n, from + batch)).toArray();
            ImageFolder.Decoded[] decoded = new ImageFolder.Decoded[idx.length];
            IntStream.range(0, idx.length)
                    .parallel()
                    .forEach(
                            j -> decoded[j] = ImageFolder.decode(listing.files().get(idx[j]), size, c, e.centerCrop()));
            List<Integer> ok = new ArrayList<>();
            for (int j = 0; j < idx.length; j++) {
                if (decoded[j].pixels() != null) ok.add(j);
                else skipped.add(listing.files().get(idx[j]) + " (" + decoded[j].problem() + ")");
            }
            if (ok.isEmpty()) continue;
            byte[] px = new byte[ok.size() * bytes];
            String[] paths = new String[ok.size()], labels = new String[ok.size()], sha = new String[ok.size()];
            for (int j = 0; j < ok.size(); j++) {
                int i = idx[ok.get(j)];
                System.arraycopy(decoded[ok.get(j)].pixels(), 0, px, j * bytes, bytes);
                paths[j] = listing.files().get(i).toString();
                int label = listing.labels().get(i);
                labels[j] = label < 0 ? "" : listing.classNames().get(label);
            }
            // the bytes the service may later show for a row: the file is read again, from the page cache
            IntStream.range(0, ok.size()).parallel().forEach(j -> sha[j] = digest(Path.of(paths[j])));
            w.append(e.embedPixels(px, ok.size()), paths, labels, sha);
            progress(from + idx.length, n);
        }
    }

    private static String digest(Path file) {
        try {
            return FileDigest.sha256(file);
        } catch (IOException ex) {
            return null; // unreadable now: the service will not show it
        }
    }

    private void dataSet(Embedder e, EmbeddingWriter w, DataConfig data, long seed) throws IOException {
        ImageSet train = new DataSplits(data).train(seed);
        ImageSet set = split == Split.TRAIN ? train : new DataSplits(data).test(seed, train);
        if (set == null) throw new IllegalArgumentException("--split test: the run's data has no test split");
        if (set.channels() != e.channels() || set.height() != e.imageSize()) {
            throw new IllegalArgumentException("--run " + run + ": the encoder takes " + e.channels() + "x"
                    + e.imageSize() + " px images, the data has " + set.channels() + "x" + set.height());
        }
        for (int from = 0; from < set.size(); from += batch) {
            int[] idx =
                    IntStream.range(from, Math.min(set.size(), from + batch)).toArray();
            String[] paths = new String[idx.length], labels = new String[idx.length];
            for (int j = 0; j < idx.length; j++) {
                paths[j] = set.name() + "/" + split + "/" + idx[j];
                labels[j] = set.hasLabels() && set.labels()[idx[j]] >= 0
                        ? set.classNames().get(set.labels()[idx[j]])
                        : "";
            }
            w.append(e.embedPixels(set.gather(idx), idx.length), paths, labels);
            progress(from + idx.length, set.size());
        }
    }

    private void progress(int done, int total) {
        if (done == total || (done / batch) % 20 == 0) LOG.info("embedded {}/{} images", done, total);
    }
}
