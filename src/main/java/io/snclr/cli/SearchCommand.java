package io.snclr.cli;

import io.snclr.api.Embedder;
import io.snclr.api.Embeddings;
import io.snclr.api.EmbeddingsManifest;
import io.snclr.api.NearestSearch;
import io.snclr.data.ImageFolder;
import io.snclr.engine.Device;
import io.snclr.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr search}: the images nearest to query images, by cosine over an embeddings file; printed and as HTML. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Nearest images to query images by cosine similarity over embeddings written by 'snclr embed'.")
public final class SearchCommand implements Callable<Integer> {
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

    @Option(names = "--chunk", defaultValue = "65536", description = "embeddings compared per tensor op")
    int chunk;

    @Option(names = "--html", description = "the result page (default: EMBEDDINGS/search.html)")
    Path html;

    @Override
    public Integer call() throws IOException {
        if (k < 1 || chunk < 1) throw new IllegalArgumentException("--k and --chunk must be >= 1");
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
        List<List<NearestSearch.Hit>> hits = new NearestSearch(index, chunk).search(q, k);
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder page = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>snclr search"
                + "</title></head><body><h1>Nearest images</h1>\n");
        for (int i = 0; i < queries.size(); i++) {
            out.println("query " + queries.get(i));
            page.append("<h2>")
                    .append(RunReport.esc(queries.get(i).toString()))
                    .append("</h2><div>")
                    .append(img(queries.get(i).toAbsolutePath().toString(), "query"));
            int rank = 1;
            for (NearestSearch.Hit h : hits.get(i)) {
                String row = index.describe(h.row());
                out.printf("  %2d. %.4f  %s%n", rank++, h.score(), row);
                String path = row.split(",", 3)[1];
                page.append(
                        Files.isRegularFile(Path.of(path))
                                ? img(Path.of(path).toAbsolutePath().toString(), String.format("%.3f", h.score()))
                                : "<span>" + RunReport.esc(row) + "</span>");
            }
            page.append("</div>\n");
        }
        Path pageFile = html != null ? html : embeddings.resolve("search.html");
        Files.writeString(pageFile, page.append("</body></html>\n").toString());
        out.println("page: " + pageFile);
        return 0;
    }

    private static String img(String src, String caption) {
        return "<figure style=\"display:inline-block\"><img src=\"file://" + RunReport.esc(src)
                + "\" width=\"96\"><figcaption>" + RunReport.esc(caption) + "</figcaption></figure>";
    }
}
