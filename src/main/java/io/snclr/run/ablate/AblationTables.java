package io.snclr.run.ablate;

import com.fasterxml.jackson.databind.JsonNode;
import io.snclr.config.RunConfigs;
import io.snclr.files.AtomicFile;
import io.snclr.files.Json;
import io.snclr.method.NeighborPrecision;
import io.snclr.method.Phase;
import io.snclr.method.ViewSimilarity;
import io.snclr.method.snclr.Snclr;
import io.snclr.method.snclr.SnclrConfig;
import io.snclr.method.spcl.Prototypes;
import io.snclr.report.LineChart;
import io.snclr.report.Table;
import io.snclr.run.Benchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** The paper's comparison and ablation tables, each a list of grid cells, and the results page built from them. */
public final class AblationTables {
    /** The table names, a constant so that the CLI's help can quote it. */
    public static final String NAMES_TEXT = "compare, tab4, tab5, tab6, tab7, investigate, similarity, spcl-tab2, "
            + "spcl-prototypes, select-temperature, compare-tuned, tab4-seeds, neighbour-curves";

    public static final List<String> NAMES = List.of(NAMES_TEXT.split(", "));
    /** Training images set aside to choose settings on, never the test split. */
    private static final int HOLDOUT = 10_000;

    private final Grid grid;
    private final List<String> methods;
    private final List<Long> seeds;
    private final int queue;
    private final int neighbors;
    private final int benchSteps;
    private final Path benchDir;
    private Path page;
    /** Charts written for a table, keyed by its title, linked below it on the page. */
    private final Map<String, List<ChartLink>> charts = new LinkedHashMap<>();

    private record ChartLink(String alt, Path file) {}

    public AblationTables(
            Grid grid,
            List<String> methods,
            List<Long> seeds,
            int queue,
            int neighbors,
            int benchSteps,
            Path benchDir) {
        this.grid = grid;
        this.methods = methods;
        this.seeds = seeds;
        this.queue = queue;
        this.neighbors = neighbors;
        this.benchSteps = benchSteps;
        this.benchDir = benchDir;
    }

    public static void requireKnown(List<String> tables) {
        for (String t : tables) {
            if (!NAMES.contains(t))
                throw new IllegalArgumentException("--tables: unknown table '" + t + "' (tables: " + NAMES_TEXT + ")");
        }
    }

    /** Runs what is missing of the chosen tables and writes the page (Markdown) plus one CSV per table. */
    public Path write(List<String> tables, Path page, String budget) {
        this.page = page;
        charts.clear();
        long seed0 = seeds.get(0);
        List<Table> out = new ArrayList<>();
        for (String t : tables) {
            out.add(
                    switch (t) {
                        case "compare" -> compare(seed0);
                        case "tab4" ->
                            single(
                                    "Tab. 4: neighbours (K = " + neighbors + ") and K",
                                    List.of(
                                            new Cell("no neighbours (MoCo v3)", "mocov3", seed0),
                                            new Cell(
                                                    "neighbours, binary",
                                                    "snclr",
                                                    Map.of("positiveness", "binary"),
                                                    seed0),
                                            new Cell("neighbours, soft positiveness", "snclr", seed0),
                                            new Cell("soft, K = 10", "snclr", Map.of("neighbors", 10), seed0),
                                            new Cell("soft, K = 50", "snclr", Map.of("neighbors", 50), seed0)));
                        case "tab5" ->
                            single(
                                    "Tab. 5: queue length",
                                    List.of(
                                            new Cell("queue " + queue / 4, "snclr", Map.of("queue", queue / 4), seed0),
                                            new Cell("queue " + queue, "snclr", seed0),
                                            new Cell(
                                                    "queue " + queue * 4, "snclr", Map.of("queue", queue * 4), seed0)));
                        case "tab6" -> overhead();
                        case "tab7" ->
                            single(
                                    "Tab. 7: where neighbours act",
                                    List.of(
                                            new Cell(
                                                    "positives only",
                                                    "snclr",
                                                    Map.of("neighbor-side", "positive"),
                                                    seed0),
                                            new Cell(
                                                    "negatives only",
                                                    "snclr",
                                                    Map.of("neighbor-side", "negative"),
                                                    seed0),
                                            new Cell("both", "snclr", seed0)));
                        case "investigate" ->
                            single(
                                    "Positiveness and loss variants (SNCLR vs MoCo v3 gap)",
                                    List.of(
                                            new Cell(
                                                    "reference: positiveness temperature 1, soft targets",
                                                    "snclr",
                                                    seed0),
                                            new Cell(
                                                    "positiveness temperature 0.1",
                                                    "snclr",
                                                    Map.of("positiveness-temperature", 0.1),
                                                    seed0),
                                            new Cell(
                                                    "positiveness temperature 0.05",
                                                    "snclr",
                                                    Map.of("positiveness-temperature", 0.05),
                                                    seed0),
                                            new Cell(
                                                    "temperature 0.1, threshold 1/K",
                                                    "snclr",
                                                    Map.of("positiveness-temperature", 0.1, "threshold", true),
                                                    seed0),
                                            new Cell(
                                                    "positiveness detached (no gradient)",
                                                    "snclr",
                                                    Map.of("detach-positiveness", true),
                                                    seed0),
                                            new Cell(
                                                    "own earlier keys kept as neighbours",
                                                    "snclr",
                                                    Map.of("exclude-self", false),
                                                    seed0),
                                            new Cell("loss = paper (Eq. 2)", "snclr", Map.of("loss", "paper"), seed0),
                                            new Cell(
                                                    "no neighbour warm-up",
                                                    "snclr",
                                                    Map.of("neighbor-warmup-epochs", 0),
                                                    seed0)));
                        case "similarity" -> similarity(seed0);
                        case "spcl-tab2" ->
                            single(
                                    "SPCL Tab. 2: loss weights (λ_c, λ_m, λ_p)",
                                    List.of(
                                            new Cell("all three losses (1, 1, 1)", "spcl", seed0),
                                            new Cell("without L_con (0, 1, 1)", "spcl", Map.of("lambda-con", 0), seed0),
                                            new Cell(
                                                    "without L_metric (1, 0, 1)",
                                                    "spcl",
                                                    Map.of("lambda-metric", 0),
                                                    seed0),
                                            new Cell(
                                                    "without L_proto (1, 1, 0)",
                                                    "spcl",
                                                    Map.of("lambda-proto", 0),
                                                    seed0),
                                            new Cell("λ_c = 0.1", "spcl", Map.of("lambda-con", 0.1), seed0),
                                            new Cell("λ_m = 0.1", "spcl", Map.of("lambda-metric", 0.1), seed0),
                                            new Cell("λ_p = 0.1", "spcl", Map.of("lambda-proto", 0.1), seed0)));
                        case "spcl-prototypes" -> prototypeSweep(seed0);
                        case "select-temperature" ->
                            single(
                                    "SNCLR's positiveness temperature, chosen on " + HOLDOUT
                                            + " held-out training images (kNN and linear on them, not on the test split)",
                                    selectionCells(seed0));
                        case "compare-tuned" -> tuned(seed0);
                        case "tab4-seeds" -> tab4Seeds();
                        case "neighbour-curves" -> neighbourCurves();
                        default -> throw new IllegalArgumentException("--tables: unknown table '" + t + "'");
                    });
        }
        StringBuilder md = new StringBuilder(
                        "# Results\n\nGenerated by `snclr ablate` from its result records (do not " + "edit by hand). ")
                .append(budget)
                .append("\n\n");
        for (Table t : out) {
            md.append("## ")
                    .append(t.title())
                    .append("\n\n")
                    .append(t.markdown())
                    .append('\n');
            for (ChartLink c : charts.getOrDefault(t.title(), List.of())) {
                md.append("![")
                        .append(c.alt())
                        .append("](")
                        .append(c.file().getFileName())
                        .append(")\n\n");
            }
        }
        AtomicFile.writeString(page, md.toString());
        for (Table t : out) {
            AtomicFile.writeString(
                    besidePage(t.title().replaceAll("[^A-Za-z0-9]+", "-").toLowerCase() + ".csv"), t.csv());
        }
        return page;
    }

    private Table compare(long seed0) {
        Table t = new Table(
                "Method comparison", List.of("method", "seeds", "kNN top-1 %", "linear top-1 %", "train s (per seed)"));
        CellResult untrained = grid.run(new Cell("untrained", "mocov3", Map.of("epochs", 0), seed0));
        t.row(List.of(
                "untrained network (reference)",
                String.valueOf(seed0),
                pct(untrained.knnTop1()),
                pct(untrained.linearTop1()),
                "0"));
        Map<String, List<CellResult>> byMethod = new LinkedHashMap<>();
        for (String m : methods) byMethod.put(m, overSeeds(t, m, m, Map.of()));
        if (seeds.size() > 1) {
            List<CellResult> reference = byMethod.get(methods.get(methods.size() - 1));
            for (String m : methods.subList(0, methods.size() - 1)) {
                pairedRow(
                        t,
                        m + " − " + methods.get(methods.size() - 1) + " (paired by seed)",
                        byMethod.get(m),
                        reference);
            }
        }
        return t;
    }

    /** Per-seed differences a − b in points: mean ± sample sd, each seed's, and how many are positive. */
    private static String paired(List<CellResult> a, List<CellResult> b, ToDoubleFunction<CellResult> f) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = 100 * (f.applyAsDouble(a.get(i)) - f.applyAsDouble(b.get(i)));
        long positive = Arrays.stream(d).filter(v -> v > 0).count();
        return String.format(
                "%+.2f ± %.2f (%s; %d of %d > 0)",
                Arrays.stream(d).average().orElse(Double.NaN),
                sd(d),
                Arrays.stream(d).mapToObj(v -> String.format("%+.2f", v)).collect(Collectors.joining(" ")),
                positive,
                d.length);
    }

    private static double sd(double[] v) {
        if (v.length < 2) return Double.NaN;
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
    }

    private static List<Cell> selectionCells(long seed) {
        return List.of(
                new Cell("temperature 1 (default)", "snclr", Map.of("holdout", HOLDOUT), seed),
                new Cell("temperature 0.2", "snclr", Map.of("holdout", HOLDOUT, "positiveness-temperature", 0.2), seed),
                new Cell(
                        "temperature 0.05",
                        "snclr",
                        Map.of("holdout", HOLDOUT, "positiveness-temperature", 0.05),
                        seed));
    }

    /**
     * SNCLR at the positiveness temperature with the best held-out kNN (select-temperature), on the test split with
     * every seed, against the last compared method (MoCo v3), paired by seed.
     */
    private Table tuned(long seed0) {
        CellResult best = bestSelection(selectionCells(seed0));
        double tau = temperatureOf(best);
        String label = "snclr, positiveness temperature " + tau + " (best held-out kNN " + pct(best.knnTop1()) + ")";
        Table t = new Table(
                "SNCLR with the positiveness temperature chosen on held-out images",
                List.of("method", "seeds", "kNN top-1 %", "linear top-1 %", "train s (per seed)"));
        List<CellResult> tunedRuns = overSeeds(t, label, "snclr", temperatureOverrides(tau));
        String reference = methods.get(methods.size() - 1);
        List<CellResult> referenceRuns = overSeeds(t, reference, reference, Map.of());
        if (seeds.size() > 1) pairedRow(t, "difference (paired by seed)", tunedRuns, referenceRuns);
        return t;
    }

    /**
     * Tab. 4's question (does each step, neighbours and then soft weights, help?) with every seed: no neighbours
     * (MoCo v3), binary and soft positiveness, and the per-seed differences between consecutive rows.
     */
    private Table tab4Seeds() {
        Table t = new Table(
                "Tab. 4 over seeds: none, binary and soft neighbours (K = " + neighbors + ")",
                List.of("setting", "seeds", "kNN top-1 %", "linear top-1 %", "train s (per seed)"));
        List<CellResult> none = overSeeds(t, "no neighbours (MoCo v3)", "mocov3", Map.of());
        List<CellResult> binary = overSeeds(t, "neighbours, binary", "snclr", Map.of("positiveness", "binary"));
        List<CellResult> soft = overSeeds(t, "neighbours, soft positiveness", "snclr", Map.of());
        if (seeds.size() > 1) {
            pairedRow(t, "binary − none (paired by seed)", binary, none);
            pairedRow(t, "soft − binary (paired by seed)", soft, binary);
            pairedRow(t, "soft − none (paired by seed)", soft, none);
        }
        return t;
    }

    /**
     * What Tab. 4's rows differ by, per epoch and averaged over the seeds: the fraction of the K neighbours that share
     * the sample's class, and the entropy of the positiveness weights (ln K when they are uniform, which makes soft
     * neighbours binary ones), for binary and soft neighbours and, once select-temperature's records exist, the
     * temperature chosen on held-out images. Charts of both curves go below the table.
     */
    private Table neighbourCurves() {
        String title = "Neighbour precision and positiveness entropy per epoch (K = " + neighbors + ", ln K = "
                + String.format("%.3f", Math.log(neighbors)) + ")";
        Table t = new Table(
                title,
                List.of(
                        "setting",
                        "epoch",
                        "neighbour precision",
                        "positiveness entropy",
                        "own keys excluded (fraction of neighbours)"));
        Map<String, Map<String, Object>> settings = new LinkedHashMap<>();
        settings.put("binary", Map.of("positiveness", "binary"));
        settings.put("soft, temperature 1", Map.of());
        List<Cell> selection = selectionCells(seeds.get(0));
        if (selection.stream().allMatch(c -> Files.isRegularFile(grid.record(c)))) {
            double tau = temperatureOf(bestSelection(selection));
            Map<String, Object> overrides = temperatureOverrides(tau);
            if (!overrides.isEmpty())
                settings.put("soft, temperature " + tau + " (chosen on held-out images)", overrides);
        }
        LineChart precision = new LineChart(
                "Neighbour precision (same class among the K), mean over seeds", "epoch", "fraction of neighbours");
        LineChart entropy = new LineChart(
                "Positiveness entropy, mean over seeds (ln K: uniform weights)", "epoch", "entropy (nats)");
        int colour = 0;
        for (Map.Entry<String, Map<String, Object>> s : settings.entrySet()) {
            List<CellResult> runs = runOverSeeds(s.getKey(), "snclr", s.getValue());
            List<double[]> p = meanCurve(runs, NeighborPrecision.KEY), h = meanCurve(runs, Snclr.POSITIVENESS_ENTROPY);
            List<double[]> self = meanCurve(runs, Snclr.SELF_NEIGHBORS_EXCLUDED);
            for (double[] e : p) {
                t.row(List.of(
                        s.getKey(),
                        String.format("%.0f", e[0] + 1),
                        String.format("%.3f ± %.3f", e[1], e[2]),
                        atEpoch(h, e[0]),
                        atEpoch(self, e[0])));
            }
            precision.series(s.getKey(), oneBased(p), colour, false);
            entropy.series(s.getKey(), oneBased(h), colour, false);
            colour++;
        }
        if (!precision.isEmpty()) {
            ChartLink p = new ChartLink("neighbour precision", besidePage("neighbour-precision.png"));
            ChartLink h = new ChartLink("positiveness entropy", besidePage("positiveness-entropy.png"));
            precision.writePng(p.file(), 900, 540);
            entropy.writePng(h.file(), 900, 540);
            charts.put(title, List.of(p, h));
        }
        return t;
    }

    /** A file beside the page: {@code <page name>-<what>}. */
    private Path besidePage(String what) {
        String name = page.getFileName().toString().replaceFirst("\\.md$", "");
        return page.toAbsolutePath().getParent().resolve(name + "-" + what);
    }

    private static String atEpoch(List<double[]> curve, double epoch) {
        return curve.stream()
                .filter(e -> e[0] == epoch)
                .findFirst()
                .map(e -> String.format("%.3f", e[1]))
                .orElse("-");
    }

    /** (epoch, mean, sample sd) over the runs, for the epochs every run has {@code key} in. */
    private static List<double[]> meanCurve(List<CellResult> runs, String key) {
        Map<Double, List<Double>> byEpoch = new TreeMap<>();
        for (CellResult r : runs) {
            for (double[] e : r.curve(key))
                byEpoch.computeIfAbsent(e[0], k -> new ArrayList<>()).add(e[1]);
        }
        List<double[]> out = new ArrayList<>();
        byEpoch.forEach((epoch, v) -> {
            if (v.size() < runs.size()) return;
            double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
            out.add(new double[] {epoch, Arrays.stream(a).average().orElse(Double.NaN), a.length > 1 ? sd(a) : 0});
        });
        return out;
    }

    /** Runs one setting with every seed and adds its row: mean ± sd (range) of kNN, linear and train seconds. */
    private List<CellResult> overSeeds(Table t, String label, String method, Map<String, Object> overrides) {
        List<CellResult> runs = runOverSeeds(label, method, overrides);
        t.row(List.of(
                label,
                seedList(),
                spread(runs, CellResult::knnTop1, true),
                spread(runs, CellResult::linearTop1, true),
                spread(runs, CellResult::trainSeconds, false)));
        return runs;
    }

    private List<CellResult> runOverSeeds(String label, String method, Map<String, Object> overrides) {
        return seeds.stream()
                .map(s -> grid.run(new Cell(label, method, overrides, s)))
                .toList();
    }

    /** The selection cell with the best held-out kNN (trained now if its record is missing). */
    private CellResult bestSelection(List<Cell> selection) {
        return selection.stream()
                .map(grid::run)
                .max(Comparator.comparingDouble(CellResult::knnTop1))
                .orElseThrow();
    }

    private static double temperatureOf(CellResult r) {
        return r.config().get("method").get("positiveness-temperature").asDouble();
    }

    /** The default temperature is the plain snclr cell, so that its records are reused, not trained again. */
    private static Map<String, Object> temperatureOverrides(double tau) {
        return tau == SnclrConfig.DEFAULT.positivenessTemperature()
                ? Map.of()
                : Map.of("positiveness-temperature", tau);
    }

    private void pairedRow(Table t, String label, List<CellResult> a, List<CellResult> b) {
        t.row(List.of(label, seedList(), paired(a, b, CellResult::knnTop1), paired(a, b, CellResult::linearTop1), "-"));
    }

    private String seedList() {
        return seeds.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }

    private Table single(String title, List<Cell> cells) {
        Table t = new Table(title, List.of("setting", "kNN top-1 %", "linear top-1 %", "train s"));
        for (Cell c : cells) {
            CellResult r = grid.run(c);
            t.row(List.of(c.label(), pct(r.knnTop1()), pct(r.linearTop1()), String.format("%.0f", r.trainSeconds())));
        }
        return t;
    }

    /** SPCL's prototype count P, with the last epoch's cluster purity and NMI against the true classes. */
    private Table prototypeSweep(long seed) {
        Table t = new Table(
                "SPCL: number of prototypes P",
                List.of(
                        "P",
                        "kNN top-1 %",
                        "linear top-1 %",
                        "purity (last epoch)",
                        "NMI (last epoch)",
                        "clustering s/epoch",
                        "train s"));
        for (int p : new int[] {10, 50, 200}) {
            CellResult r = grid.run(new Cell("P = " + p, "spcl", p == 50 ? Map.of() : Map.of("prototypes", p), seed));
            double clustering = r.curve(Prototypes.CLUSTER_SECONDS).stream()
                    .mapToDouble(v -> v[1])
                    .average()
                    .orElse(Double.NaN);
            t.row(List.of(
                    String.valueOf(p),
                    pct(r.knnTop1()),
                    pct(r.linearTop1()),
                    String.format("%.3f", r.last(Prototypes.PURITY)),
                    String.format("%.3f", r.last(Prototypes.NMI)),
                    String.format("%.1f", clustering),
                    String.format("%.0f", r.trainSeconds())));
        }
        return t;
    }

    /**
     * SPCL's Fig. 2b for every compared method (first seed): cosine similarity of the backbone representations of an
     * image's two views (TP) and of same-class in-batch negatives (FN) at the last epoch; the curves go to a PNG.
     */
    private Table similarity(long seed) {
        Table t = new Table(
                "View similarity: true positives vs false negatives (SPCL Fig. 2b)",
                List.of(
                        "method",
                        "TP sim",
                        "FN sim (same class)",
                        "other-class sim",
                        "TP - FN",
                        "FN - other",
                        "TP - FN, projections"));
        LineChart chart = new LineChart(
                "Representation similarity per epoch (solid: TP, dashed: FN same class)",
                "epoch",
                "mean cosine similarity");
        int colour = 0;
        for (String method : methods) {
            CellResult r = grid.run(new Cell(method, method, seed));
            double tp = r.last(ViewSimilarity.TP_SIM),
                    fn = r.last(ViewSimilarity.FN_SIM),
                    neg = r.last(ViewSimilarity.NEG_SIM);
            if (Double.isNaN(tp) || Double.isNaN(fn) || Double.isNaN(neg)) continue;
            t.row(List.of(
                    method,
                    String.format("%.3f", tp),
                    String.format("%.3f", fn),
                    String.format("%.3f", neg),
                    String.format("%.3f", tp - fn),
                    String.format("%.3f", fn - neg),
                    projectionGap(r)));
            chart.series(method + " TP", oneBased(r.curve(ViewSimilarity.TP_SIM)), colour, false)
                    .series(method + " FN", oneBased(r.curve(ViewSimilarity.FN_SIM)), colour, true);
            colour++;
        }
        if (!chart.isEmpty()) {
            Path file = besidePage("similarity.png");
            chart.writePng(file, 900, 540);
            charts.put(t.title(), List.of(new ChartLink("similarity curves", file)));
        }
        return t;
    }

    /** Tab. 6: the queue's extra memory and the step time as the queue grows (bench, inline augmentation). */
    private Table overhead() {
        Table t = new Table(
                "Tab. 6: queue overhead", List.of("queue length", "queue MB", "s/step (median)", "queue+loss s"));
        for (int q : new int[] {queue / 4, queue, queue * 4, queue * 16}) {
            Path report = benchDir.resolve("queue" + q + ".json");
            if (!Files.isRegularFile(report)) {
                try {
                    Benchmark.Result r = Benchmark.run(
                            RunConfigs.override(grid.base(), Map.of("queue", q, "neighbors", neighbors), ""),
                            2,
                            benchSteps);
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("s_per_step", r.secondsPerStep());
                    json.put("queue_loss_s", r.phases().get(Phase.QUEUE_LOSS));
                    Json.write(report, json);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while benchmarking", e);
                }
            }
            JsonNode j = Json.read(report);
            double mb = q * (256 * 4 + 8) / 1048576.0; // unit features (D = 256, float) + int64 labels
            t.row(List.of(
                    String.valueOf(q),
                    String.format("%.1f", mb),
                    String.format("%.3f", j.get("s_per_step").asDouble()),
                    String.format("%.3f", j.get("queue_loss_s").asDouble())));
        }
        return t;
    }

    /** SPCL's own measure (Fig. 2b is on the projections); "-" for methods that do not log it. */
    private static String projectionGap(CellResult r) {
        double tp = r.last(ViewSimilarity.TP_SIM + ViewSimilarity.PROJECTION_SUFFIX),
                fn = r.last(ViewSimilarity.FN_SIM + ViewSimilarity.PROJECTION_SUFFIX);
        return Double.isNaN(tp) || Double.isNaN(fn) ? "-" : String.format("%.3f", tp - fn);
    }

    private static List<double[]> oneBased(List<double[]> perEpoch) {
        return perEpoch.stream().map(p -> new double[] {p[0] + 1, p[1]}).toList();
    }

    private static String pct(double v) {
        return String.format("%.2f", 100 * v);
    }

    private static String spread(List<CellResult> runs, ToDoubleFunction<CellResult> f, boolean percent) {
        double[] v = runs.stream().mapToDouble(f).toArray();
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        double lo = Arrays.stream(v).min().orElse(Double.NaN),
                hi = Arrays.stream(v).max().orElse(Double.NaN);
        double scale = percent ? 100 : 1;
        String fmt = percent ? "%.2f" : "%.0f";
        if (v.length == 1) return String.format(fmt, scale * mean);
        return String.format(
                fmt + " ± " + fmt + " (" + fmt + "-" + fmt + ")", scale * mean, scale * sd(v), scale * lo, scale * hi);
    }
}
