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
import java.util.Locale;
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
        try (VectorSearch search = searchChoice.open(e);
                CommandProgress progress = CommandProgress.open("dedup", e.rows(), "images searched", LOG)) {
            LOG.info("{}", search.describe());
            groups = Dedup.find(e, search, threshold, k, workers, progress);
        }
        Path dir = out != null ? Files.createDirectories(out) : embeddings;
        Path csv = dir.resolve("duplicates.csv");
        AtomicFile.write(csv, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("group,row,path,label,similarity\n");
                for (int g = 0; g < groups.size(); g++) {
                    Dedup.Group group = groups.get(g);
                    for (int m = 0; m < group.rows().length; m++) {
                        Embeddings.Item item = e.item(group.rows()[m]);
                        w.write(g + "," + item.row() + "," + CsvLine.field(item.path()) + ","
                                + CsvLine.field(item.label()) + ","
                                + String.format(Locale.ROOT, "%.4f", group.similarity()[m])
                                + "\n");
                    }
                }
            }
        });
        List<ImageGroupsPage.Group> shown = new ArrayList<>();
        for (int g = 0; g < Math.min(PAGE_GROUPS, groups.size()); g++) {
            Dedup.Group group = groups.get(g);
            List<ImageGroupsPage.Tile> tiles = new ArrayList<>();
            for (int m = 0; m < group.rows().length; m++) {
                Embeddings.Item item = e.item(group.rows()[m]);
                String name = Path.of(item.path()).getFileName() + "";
                tiles.add(new ImageGroupsPage.Tile(
                        item.path(),
                        m == 0 ? name : String.format(Locale.ROOT, "%.3f %s", group.similarity()[m], name)));
            }
            shown.add(new ImageGroupsPage.Group(
                    String.format(
                            Locale.ROOT,
                            "group %d: %d images, each at cosine %.3f or more to the first",
                            g,
                            group.rows().length,
                            group.weakest()),
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
        warnIfTooAlike(groups, rows, e.rows());
        spec.commandLine()
                .getOut()
                .printf("%d groups of near-duplicates (%d images) in %s and %s%n", groups.size(), rows, csv, page);
        return 0;
    }

    /**
     * Says when the groups look like an encoder that finds everything alike rather than like duplicates: most of the
     * collection in groups, or groups as large as {@code --k} lets them be.
     */
    private void warnIfTooAlike(List<Dedup.Group> groups, int grouped, int total) {
        if (grouped > total / 2 && total >= 10) {
            LOG.warn(
                    "{} of {} images ({}%) are in groups: at --threshold {} this encoder finds most images alike "
                            + "(one trained briefly does); raise --threshold, or look at duplicates.html",
                    grouped, total, Math.round(100.0 * grouped / total), threshold);
        }
        long full = groups.stream().filter(g -> g.rows().length == k + 1).count();
        if (full > 0) {
            LOG.warn(
                    "{} group(s) hold {} images, as many as --k {} lets one hold: they may have more; raise --k",
                    full,
                    k + 1,
                    k);
        }
    }
}
