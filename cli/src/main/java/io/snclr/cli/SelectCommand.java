package io.snclr.cli;

import io.snclr.api.CsvLine;
import io.snclr.api.Embeddings;
import io.snclr.data.Subsets;
import io.snclr.files.AtomicFile;
import io.snclr.report.ImageGroupsPage;
import io.snclr.retrieval.KCenterGreedy;
import io.snclr.retrieval.TypicalClusters;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr select}: a diverse subset of a collection to label, by k-center greedy on its embeddings. */
@Command(
        name = "select",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Choose --count images of a collection to label, away from those already labelled: "
                + "selection.csv and selection.html.")
public final class SelectCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SelectCommand.class);
    /** Picks per heading on the page. */
    private static final int PER_HEADING = 50;
    /** Picks drawn on the page (all are in the CSV). */
    private static final int PAGE_PICKS = 2000;

    @Spec
    CommandSpec spec;

    @Option(names = "--embeddings", required = true, description = "directory with embeddings.npy and index.csv")
    Path embeddings;

    @Option(
            names = "--count",
            required = true,
            showDefaultValue = Visibility.NEVER,
            description = "how many images to choose")
    int count;

    @Option(
            names = "--labelled",
            description = "images already labelled: a file of paths, one a line, or a CSV with a path column "
                    + "(an earlier selection.csv)")
    Path labelled;

    @Option(
            names = "--strategy",
            defaultValue = "typical",
            description = "typical: the most typical image of each of the largest clusters (TypiClust); kcenter: "
                    + "cover the collection's extremes too (k-center greedy); random: a uniform sample (a baseline)")
    Strategy strategy;

    @Option(
            names = "--seed",
            description = "typical: the clustering's seed (default 0); kcenter: start from a random image drawn with "
                    + "it instead of the one nearest to the mean; random: the sample's seed (default 0)")
    Long seed;

    @Option(names = "--threads", description = "threads (default: all cores)")
    Integer threads;

    @Option(names = "--out", description = "folder for selection.csv and selection.html (default: EMBEDDINGS)")
    Path out;

    /** How the images are chosen, and what the score beside each means. */
    enum Strategy {
        TYPICAL("as the most typical image of each of the largest clusters (TypiClust)", "typicality in its cluster"),
        KCENTER("to cover the collection (k-center greedy)", "cosine distance to the images chosen or labelled before"),
        RANDOM("at random", "none");

        final String how;
        final String score;

        Strategy(String how, String score) {
            this.how = how;
            this.score = score;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A chosen row and its score as written ("" when there is none). */
    private record Chosen(int row, String score) {}

    @Override
    public Integer call() throws Exception {
        Embeddings e = Embeddings.open(embeddings);
        int[] known = labelled == null ? new int[0] : rowsOf(e, labelled);
        List<Chosen> picks = choose(e, known);
        if (picks.size() < count) {
            LOG.warn(
                    "only {} images chosen: the others are copies of, or alike to, images chosen or labelled",
                    picks.size());
        }
        Path dir = out != null ? Files.createDirectories(out) : embeddings;
        Path csv = dir.resolve("selection.csv");
        AtomicFile.write(csv, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("rank,row,path,label,score\n");
                for (int r = 0; r < picks.size(); r++) {
                    Embeddings.Item item = e.item(picks.get(r).row());
                    w.write((r + 1) + "," + item.row() + "," + CsvLine.field(item.path()) + ","
                            + CsvLine.field(item.label()) + "," + picks.get(r).score() + "\n");
                }
            }
        });
        Path page = dir.resolve("selection.html");
        ImageGroupsPage.write(
                page,
                "Selection",
                picks.size() + " of " + e.rows() + " images chosen " + strategy.how
                        + (known.length > 0 ? ", away from " + known.length + " labelled" : "")
                        + (strategy == Strategy.RANDOM ? "" : "; under each, its score: " + strategy.score)
                        + (picks.size() > PAGE_PICKS ? "; the first " + PAGE_PICKS + " are shown" : ""),
                groups(e, picks));
        spec.commandLine().getOut().printf("%d images chosen in %s and %s%n", picks.size(), csv, page);
        return 0;
    }

    private List<Chosen> choose(Embeddings e, int[] known) {
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        List<Chosen> out = new ArrayList<>();
        switch (strategy) {
            case RANDOM -> {
                for (int row : randomRows(e.rows(), known)) out.add(new Chosen(row, ""));
            }
            case KCENTER -> {
                int first = seed == null || known.length > 0 ? -1 : new SplittableRandom(seed).nextInt(e.rows());
                try (CommandProgress progress = CommandProgress.open("select", count, "images chosen", LOG)) {
                    for (KCenterGreedy.Pick p : KCenterGreedy.select(e, count, known, first, workers, progress)) {
                        out.add(new Chosen(p.row(), Float.isNaN(p.distance()) ? "" : format(p.distance())));
                    }
                }
            }
            case TYPICAL -> {
                long s = seed == null ? 0 : seed;
                try (CommandProgress iterations = CommandProgress.open(
                        "select: k-means", TypicalClusters.ITERATIONS, "iterations at most", LOG)) {
                    for (TypicalClusters.Pick p : TypicalClusters.select(e, count, known, s, workers, iterations)) {
                        out.add(new Chosen(p.row(), format(p.typicality())));
                    }
                }
            }
        }
        return out;
    }

    private static String format(float score) {
        return Float.isInfinite(score) ? "inf" : String.format(Locale.ROOT, "%.4f", score);
    }

    /** {@code count} rows drawn uniformly without replacement, none of them labelled. */
    private List<Integer> randomRows(int rows, int[] known) {
        Set<Integer> labelledRows = new HashSet<>();
        for (int r : known) labelledRows.add(r);
        int[] order = Subsets.permutation(rows, new SplittableRandom(seed == null ? 0 : seed));
        List<Integer> picks = new ArrayList<>();
        for (int r : order) {
            if (picks.size() == count) break;
            if (!labelledRows.contains(r)) picks.add(r);
        }
        return picks;
    }

    private static List<ImageGroupsPage.Group> groups(Embeddings e, List<Chosen> picks) {
        List<ImageGroupsPage.Group> groups = new ArrayList<>();
        int shown = Math.min(PAGE_PICKS, picks.size());
        for (int from = 0; from < shown; from += PER_HEADING) {
            List<ImageGroupsPage.Tile> tiles = new ArrayList<>();
            int to = Math.min(shown, from + PER_HEADING);
            for (int r = from; r < to; r++) {
                Embeddings.Item item = e.item(picks.get(r).row());
                String score = picks.get(r).score();
                String name = Path.of(item.path()).getFileName() + "";
                tiles.add(new ImageGroupsPage.Tile(
                        item.path(), (r + 1) + ". " + (score.isEmpty() ? "" : score + " ") + name));
            }
            groups.add(new ImageGroupsPage.Group("images " + (from + 1) + " to " + to, tiles));
        }
        return groups;
    }

    /** The rows of the files named in {@code file}: paths as in index.csv, or relative to the working directory. */
    private static int[] rowsOf(Embeddings e, Path file) throws IOException {
        Map<String, Integer> rows = new HashMap<>();
        for (int r = 0; r < e.rows(); r++) rows.put(e.item(r).path(), r);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int column = -1;
        if (!lines.isEmpty()) {
            List<String> header = CsvLine.split(lines.get(0));
            column = header.indexOf("path");
        }
        Set<Integer> out = new LinkedHashSet<>();
        for (int i = column >= 0 ? 1 : 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            String path = column >= 0 ? CsvLine.split(line).get(column) : line;
            Integer row = rows.get(path);
            if (row == null)
                row = rows.get(Path.of(path).toAbsolutePath().normalize().toString());
            if (row == null) {
                throw new IllegalArgumentException("--labelled " + file + " line " + (i + 1) + ": " + path
                        + " is not in the embeddings (name files as index.csv does)");
            }
            out.add(row);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
