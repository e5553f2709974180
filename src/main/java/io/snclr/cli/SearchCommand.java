package io.snclr.cli;

import io.snclr.api.Embedder;
import io.snclr.api.Embeddings;
import io.snclr.api.NearestSearch;
import io.snclr.data.ImageFolder;
import io.snclr.engine.Device;
import io.snclr.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        List<Path> files = Files.isDirectory(query) ? ImageFolder.list(query).files() : List.of(query);
        Embeddings index = Embeddings.open(embeddings);
        float[][] q;
        try (Embedder embedder = Embedder.open(run, Device.CPU, true)) {
            if (embedder.dimension() != index.dim()) {
                throw new IllegalArgumentException("--embeddings " + embeddings + ": " + index.dim()
                        + "-dimensional, the encoder of " + run + " gives " + embedder.dimension());
            }
            q = new float[files.size()][];
            for (int i = 0; i < files.size(); i++) {
                try { // decoded as `embed` decoded the indexed images, so a query finds its own copy at cosine 1
                    q[i] = embedder.embed(files.get(i));
                } catch (IOException e) {
                    throw new IllegalArgumentException("--query " + e.getMessage());
                }
            }
        }
        List<List<NearestSearch.Hit>> hits = new NearestSearch(index, chunk).search(q, k);
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder page = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>snclr search"
                + "</title></head><body><h1>Nearest images</h1>\n");
        for (int i = 0; i < files.size(); i++) {
            out.println("query " + files.get(i));
            page.append("<h2>")
                    .append(RunReport.esc(files.get(i).toString()))
                    .append("</h2><div>")
                    .append(img(files.get(i).toAbsolutePath().toString(), "query"));
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
