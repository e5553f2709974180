package io.snclr.cli;

import io.snclr.api.Embedder;
import io.snclr.api.Embeddings;
import io.snclr.api.EmbeddingsManifest;
import io.snclr.data.ImageFolder;
import io.snclr.engine.Device;
import io.snclr.report.ImageGroupsPage;
import io.snclr.retrieval.Hit;
import io.snclr.retrieval.VectorSearch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr search}: the images nearest to query images, by cosine over an embeddings file; printed and as HTML. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Nearest images to query images by cosine similarity over embeddings written by 'snclr embed'.")
public final class SearchCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SearchCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--embeddings", required = true, description = "directory with embeddings.npy and index.csv")
    Path embeddings;

    @Option(names = "--run", required = true, description = "the run whose encoder made the embeddings")
    Path run;

    @Option(names = "--query", required = true, description = "an image file, or a folder of them")
    Path query;

    @Option(names = "--k", defaultValue = "10", description = "neighbours per query")
    int k;

    @Mixin
    SearchChoice searchChoice;

    @Option(names = "--html", description = "the result page (default: EMBEDDINGS/search.html)")
    Path html;

    @Override
    public Integer call() throws IOException {
        if (k < 1) throw new IllegalArgumentException("--k must be >= 1, got " + k);
        List<Path> files = List.of(query);
        if (Files.isDirectory(query)) {
            ImageFolder.Listing listing = ImageFolder.list(query);
            files = listing.files();
            listing.skipped().forEach(s -> spec.commandLine().getErr().println("snclr search: skipped " + s));
        }
        Embeddings index = Embeddings.open(embeddings);
        EmbeddingsManifest made = index.manifest();
        if (!made.normalized()) {
            throw new IllegalArgumentException("--embeddings " + embeddings + ": written with --normalize false; search"
                    + " compares unit vectors (embed again with --normalize true)");
        }
        List<Path> queries = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        try (Embedder embedder = Embedder.open(run, Device.CPU, true)) {
            if (!embedder.weightsSha256().equals(made.encoderSha256())) {
                throw new IllegalArgumentException("--embeddings " + embeddings + ": made by another encoder ("
                        + made.encoderSource() + ") than the one of --run " + run
                        + "; search with that run, or embed again with this one");
            }
            for (Path f : files) {
                try { // decoded as `embed` decoded the indexed images, so a query finds its own copy at cosine 1
                    vectors.add(embedder.embed(f));
                    queries.add(f);
                } catch (IOException e) {
                    if (files.size() == 1) throw new IllegalArgumentException("--query " + e.getMessage());
                    spec.commandLine().getErr().println("snclr search: skipped " + e.getMessage());
                }
            }
        }
        if (queries.isEmpty()) {
            throw new IllegalArgumentException(
                    "--query " + query + ": none of its " + files.size() + " images could be read");
        }
        float[][] q = vectors.toArray(float[][]::new);
        List<List<Hit>> hits;
        try (VectorSearch search = searchChoice.open(index)) {
            LOG.info("{}", search.describe());
            hits = search.search(q, k);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<ImageGroupsPage.Group> groups = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            out.println("query " + queries.get(i));
            List<ImageGroupsPage.Tile> tiles = new ArrayList<>();
            tiles.add(new ImageGroupsPage.Tile(queries.get(i).toString(), "query"));
            int rank = 1;
            for (Hit h : hits.get(i)) {
                out.printf("  %2d. %.4f  %s%n", rank++, h.score(), index.describe(h.row()));
                tiles.add(new ImageGroupsPage.Tile(index.item(h.row()).path(), String.format("%.3f", h.score())));
            }
            groups.add(new ImageGroupsPage.Group(queries.get(i).toString(), tiles));
        }
        Path pageFile = html != null ? html : embeddings.resolve("search.html");
        try {
            ImageGroupsPage.write(
                    pageFile, "Nearest images", "Each query (first) and its nearest images by cosine.", groups);
        } catch (UncheckedIOException e) {
            if (html != null) throw e;
            // the results are printed; an embeddings folder that cannot be written to must not undo them
            LOG.warn("no result page: {}; --html FILE writes it elsewhere", e.getMessage());
            return 0;
        }
        out.println("page: " + pageFile);
        return 0;
    }
}
