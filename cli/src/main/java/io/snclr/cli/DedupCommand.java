package io.snclr.cli;

import io.snclr.api.CsvLine;
import io.snclr.api.Embeddings;
import io.snclr.files.AtomicFile;
import io.snclr.report.ImageGroupsPage;
import io.snclr.retrieval.Dedup;
import io.snclr.retrieval.VectorSearch;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
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

/** {@code snclr dedup}: groups of near-duplicate images, as a CSV and an HTML page of thumbnails. */
@Command(
        name = "dedup",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Group near-duplicate images of an embeddings folder (cosine >= --threshold): duplicates.csv "
                + "and duplicates.html. Uses the HNSW index when there is one (snclr index).")
public final class DedupCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DedupCommand.class);
    /** Groups drawn on the page (all are in the CSV). */
    private static final int PAGE_GROUPS = 500;

    @Spec
    CommandSpec spec;

    @Option(names = "--embeddings", required = true, description = "directory with embeddings.npy and index.csv")
    Path embeddings;

    @Option(
            names = "--threshold",
            defaultValue = "0.95",
            description = "cosine similarity from which two images are near-duplicates")
    double threshold;

    @Option(names = "--k", defaultValue = "10", description = "neighbours looked at per image")
    int k;

    @Mixin
    SearchChoice searchChoice;

    @Option(names = "--threads", description = "searching threads (default: all cores)")
    Integer threads;

    @Option(names = "--out", description = "folder for duplicates.csv and duplicates.html (default: EMBEDDINGS)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Embeddings e = Embeddings.open(embeddings);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        List<Dedup.Group> groups;
        try (VectorSearch search = searchChoice.open(e)) {
            LOG.info("{}", search.describe());
            groups = Dedup.find(
                    e,
                    search,
                    threshold,
                    k,
                    workers,
                    new Throttled(done -> LOG.info("searched {} of {} images", done, e.rows())));
        }
        Path dir = out != null ? Files.createDirectories(out) : embeddings;
        Path csv = dir.resolve("duplicates.csv");
        AtomicFile.write(csv, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("group,row,path,label\n");
                for (int g = 0; g < groups.size(); g++) {
                    for (int row : groups.get(g).rows()) {
                        Embeddings.Item item = e.item(row);
                        w.write(g + "," + row + "," + CsvLine.field(item.path()) + "," + CsvLine.field(item.label())
                                + "\n");
                    }
                }
            }
        });
        List<ImageGroupsPage.Group> shown = new ArrayList<>();
        for (int g = 0; g < Math.min(PAGE_GROUPS, groups.size()); g++) {
            List<ImageGroupsPage.Tile> tiles = new ArrayList<>();
            for (int row : groups.get(g).rows()) {
                Embeddings.Item item = e.item(row);
                tiles.add(new ImageGroupsPage.Tile(
                        item.path(), Path.of(item.path()).getFileName() + ""));
            }
            shown.add(new ImageGroupsPage.Group(
                    String.format(
                            "group %d: %d images (weakest link %.3f)",
                            g, groups.get(g).rows().length, groups.get(g).weakestLink()),
                    tiles));
        }
        Path page = dir.resolve("duplicates.html");
        ImageGroupsPage.write(
                page,
                "Near-duplicates",
                groups.size() + " groups of images at cosine >= " + threshold
                        + (groups.size() > PAGE_GROUPS ? "; the first " + PAGE_GROUPS + " are shown" : ""),
                shown);
        int rows = groups.stream().mapToInt(g -> g.rows().length).sum();
        spec.commandLine()
                .getOut()
                .printf("%d groups of near-duplicates (%d images) in %s and %s%n", groups.size(), rows, csv, page);
        return 0;
    }
}
