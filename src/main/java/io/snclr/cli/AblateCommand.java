package io.snclr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.snclr.report.JsonFiles;
import io.snclr.report.LineChart;
import io.snclr.report.MetricsFile;
import io.snclr.report.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snclr ablate}: the paper's comparison and ablation tables at one equal CPU budget. Every cell is an
 * ordinary {@code pretrain} run directory under {@code --out}; finished cells are skipped, interrupted ones resumed,
 * so the grid can be stopped and restarted at will. Writes Markdown + CSV tables and the results page.
 */
@Command(name = "ablate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the method comparison and the paper's ablations (Tab. 4-7) at an equal budget; resumable.")
public final class AblateCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(AblateCommand.class);

    @Spec CommandSpec spec;
    @Option(names = "--config", description = "YAML file of option values") Path config;
    @Option(names = "--out", defaultValue = "runs/ablate", description = "directory of the grid's cells") Path out;
    @Option(names = "--results", defaultValue = "docs/results.md", description = "the generated results page") Path results;
    @Option(names = "--tables", defaultValue = "compare,tab4,tab5,tab6,tab7,similarity,spcl-tab2,spcl-prototypes", split = ",",
            description = "which tables: compare, tab4, tab5, tab6, tab7, investigate, similarity, spcl-tab2, spcl-prototypes")
    List<String> tables;
    @Option(names = "--methods", defaultValue = "snclr,mocov3,byol,nnclr,simclr,spcl", split = ",",
            description = "methods of the comparison table") List<String> methods;
    @Option(names = "--seeds", defaultValue = "0,1", split = ",", description = "seeds of the method comparison")
    List<Long> seeds;
    @Option(names = "--limit", defaultValue = "5000", description = "training images (class-balanced)") int limit;
    @Option(names = "--epochs", defaultValue = "4") int epochs;
    @Option(names = "--width", defaultValue = "0.25") double width;
    @Option(names = "--batch-size", defaultValue = "128") int batchSize;
    @Option(names = "--queue", defaultValue = "4096") int queue;
    @Option(names = "--neighbors", defaultValue = "30") int neighbors;
    @Option(names = "--linear-epochs", defaultValue = "30") int linearEpochs;
    @Option(names = "--bench-steps", defaultValue = "5") int benchSteps;
    @Option(names = "--threads", defaultValue = "0") int threads;

    /** One pre-training run of the grid: a method plus overrides of the base recipe. */
    private record Cell(String label, String method, List<String> overrides, long seed) {
        String dirName() {
            String o = String.join("_", overrides).replace("--", "").replace(' ', '-');
            return method + (o.isEmpty() ? "" : "_" + o) + "_seed" + seed;
        }
    }

    @Override
    public Integer call() {
        YamlDefaults.checkKeys(spec);
        for (String t : tables) {
            if (!List.of("compare", "tab4", "tab5", "tab6", "tab7", "investigate", "similarity", "spcl-tab2",
                    "spcl-prototypes").contains(t)) {
                throw new IllegalArgumentException("--tables: unknown table '" + t + "'");
            }
        }
        for (String m : methods) {
            if (!MethodOptions.METHODS.contains(m)) {
                throw new IllegalArgumentException("--methods: expected some of " + MethodOptions.METHODS + ", got '" + m + "'");
            }
        }
        long seed0 = seeds.get(0);
        List<Table> out = new ArrayList<>();
        if (tables.contains("compare")) {
            Table t = new Table("Method comparison", List.of("method", "seeds", "kNN top-1 %", "linear top-1 %",
                    "train s (per seed)"));
            Map<String, Double> untrained = run(new Cell("untrained", "mocov3", List.of("--epochs 0"), seed0));
            t.row(List.of("untrained network (reference)", String.valueOf(seed0), pct(untrained.get("knn")),
                    pct(untrained.get("linear")), "0"));
            for (String m : methods) {
                List<Map<String, Double>> runs = new ArrayList<>();
                for (long s : seeds) runs.add(run(new Cell(m, m, List.of(), s)));
                t.row(List.of(m, seeds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" ")), spread(runs, "knn"), spread(runs, "linear"),
                        spread(runs, "seconds")));
            }
            out.add(t);
        }
        if (tables.contains("tab4")) {
            out.add(single("Tab. 4: neighbours (K = " + neighbors + ") and K", seed0, List.of(
                    new Cell("no neighbours (MoCo v3)", "mocov3", List.of(), seed0),
                    new Cell("neighbours, binary", "snclr", List.of("--positiveness binary"), seed0),
                    new Cell("neighbours, soft positiveness", "snclr", List.of(), seed0),
                    new Cell("soft, K = 10", "snclr", List.of("--neighbors 10"), seed0),
                    new Cell("soft, K = 50", "snclr", List.of("--neighbors 50"), seed0))));
        }
        if (tables.contains("tab5")) {
            List<Cell> cells = new ArrayList<>();
            for (int q : new int[] {queue / 4, queue, queue * 4}) {
                cells.add(new Cell("queue " + q, "snclr", q == queue ? List.of() : List.of("--queue " + q), seed0));
            }
            out.add(single("Tab. 5: queue length", seed0, cells));
        }
        if (tables.contains("tab7")) {
            out.add(single("Tab. 7: where neighbours act", seed0, List.of(
                    new Cell("positives only", "snclr", List.of("--neighbor-side positive"), seed0),
                    new Cell("negatives only", "snclr", List.of("--neighbor-side negative"), seed0),
                    new Cell("both", "snclr", List.of(), seed0))));
        }
        if (tables.contains("tab6")) out.add(overhead());
        if (tables.contains("investigate")) {
            out.add(single("Positiveness and loss variants (SNCLR vs MoCo v3 gap)", seed0, List.of(
                    new Cell("reference: γ = 1, soft targets", "snclr", List.of(), seed0),
                    new Cell("γ = 0.1", "snclr", List.of("--gamma 0.1"), seed0),
                    new Cell("γ = 0.05", "snclr", List.of("--gamma 0.05"), seed0),
                    new Cell("γ = 0.1, threshold 1/K", "snclr", List.of("--gamma 0.1", "--threshold true"), seed0),
                    new Cell("loss = paper (Eq. 2)", "snclr", List.of("--loss paper"), seed0),
                    new Cell("no neighbour warm-up", "snclr", List.of("--neighbor-warmup-epochs 0"), seed0))));
        }
        if (tables.contains("spcl-tab2")) {
            out.add(single("SPCL Tab. 2: loss weights (λ_c, λ_m, λ_p)", seed0, List.of(
                    new Cell("all three losses (1, 1, 1)", "spcl", List.of(), seed0),
                    new Cell("without L_con (0, 1, 1)", "spcl", List.of("--lambda-con 0"), seed0),
                    new Cell("without L_metric (1, 0, 1)", "spcl", List.of("--lambda-metric 0"), seed0),
                    new Cell("without L_proto (1, 1, 0)", "spcl", List.of("--lambda-proto 0"), seed0),
                    new Cell("λ_c = 0.1", "spcl", List.of("--lambda-con 0.1"), seed0),
                    new Cell("λ_m = 0.1", "spcl", List.of("--lambda-metric 0.1"), seed0),
                    new Cell("λ_p = 0.1", "spcl", List.of("--lambda-proto 0.1"), seed0))));
        }
        if (tables.contains("spcl-prototypes")) out.add(prototypeSweep(seed0));
        if (tables.contains("similarity")) out.add(similarity(seed0));
        writeResults(out);
        return 0;
    }

    /** SPCL's prototype count P, with the last epoch's cluster purity and NMI against the true classes. */
    private Table prototypeSweep(long seed) {
        Table t = new Table("SPCL: number of prototypes P", List.of("P", "kNN top-1 %", "linear top-1 %",
                "purity (last epoch)", "NMI (last epoch)", "clustering s/epoch", "train s"));
        for (int p : new int[] {10, 50, 200}) {
            Cell c = new Cell("P = " + p, "spcl", p == 50 ? List.of() : List.of("--prototypes " + p), seed);
            Map<String, Double> r = run(c);
            MetricsFile m = MetricsFile.read(out.resolve(c.dirName()).resolve("metrics.jsonl"));
            t.row(List.of(String.valueOf(p), pct(r.get("knn")), pct(r.get("linear")),
                    last(m.perEpoch("epoch_start", "prototype_purity"), "%.3f"),
                    last(m.perEpoch("epoch_start", "prototype_nmi"), "%.3f"),
                    String.format("%.1f", m.perEpoch("epoch_start", "cluster_s").stream().mapToDouble(v -> v[1]).average().orElse(Double.NaN)),
                    String.format("%.0f", r.get("seconds"))));
        }
        return t;
    }

    /**
     * SPCL's Fig. 2b for every compared method (first seed): cosine similarity of the backbone representations of an
     * image's two views (TP) and of same-class in-batch negatives (FN), averaged over the last epoch; the curves over
     * epochs go to a PNG beside the results page.
     */
    private Table similarity(long seed) {
        Table t = new Table("View similarity: true positives vs false negatives (SPCL Fig. 2b)", List.of("method",
                "TP sim", "FN sim (same class)", "other-class sim", "TP - FN", "FN - other"));
        LineChart chart = new LineChart("Representation similarity per epoch (solid: TP, dashed: FN same class)",
                "epoch", "mean cosine similarity");
        int colour = 0;
        for (String method : methods) {
            Cell c = new Cell(method, method, List.of(), seed);
            run(c);
            MetricsFile m = MetricsFile.read(out.resolve(c.dirName()).resolve("metrics.jsonl"));
            List<double[]> tp = m.perEpoch("epoch_end", "tp_sim"), fn = m.perEpoch("epoch_end", "fn_sim"),
                    neg = m.perEpoch("epoch_end", "neg_sim");
            if (tp.isEmpty() || fn.isEmpty() || neg.isEmpty()) continue; // a run from before the diagnostic existed
            double vtp = tp.get(tp.size() - 1)[1], vfn = fn.get(fn.size() - 1)[1], vneg = neg.get(neg.size() - 1)[1];
            t.row(List.of(method, String.format("%.3f", vtp), String.format("%.3f", vfn), String.format("%.3f", vneg),
                    String.format("%.3f", vtp - vfn), String.format("%.3f", vfn - vneg)));
            chart.series(method + " TP", oneBased(tp), colour, false).series(method + " FN", oneBased(fn), colour, true);
            colour++;
        }
        if (!chart.isEmpty()) chart.writePng(similarityChart(), 900, 540);
        return t;
    }

    private Path similarityChart() {
        String name = results.getFileName().toString().replaceFirst("\\.md$", "");
        return results.toAbsolutePath().getParent().resolve(name + "-similarity.png");
    }

    private static List<double[]> oneBased(List<double[]> perEpoch) {
        return perEpoch.stream().map(p -> new double[] {p[0] + 1, p[1]}).toList();
    }

    private static String last(List<double[]> points, String format) {
        return points.isEmpty() ? "-" : String.format(format, points.get(points.size() - 1)[1]);
    }

    private Table single(String title, long seed, List<Cell> cells) {
        Table t = new Table(title, List.of("setting", "kNN top-1 %", "linear top-1 %", "train s"));
        for (Cell c : cells) {
            Map<String, Double> r = run(c);
            t.row(List.of(c.label(), pct(r.get("knn")), pct(r.get("linear")), String.format("%.0f", r.get("seconds"))));
        }
        return t;
    }

    /** Tab. 6: the queue's extra memory and the step time as the queue grows (bench, inline augmentation). */
    private Table overhead() {
        Table t = new Table("Tab. 6: queue overhead", List.of("queue length", "queue MB", "s/step (median)",
                "queue+loss s"));
        for (int q : new int[] {queue / 4, queue, queue * 4, queue * 16}) {
            Path report = out.resolve("bench").resolve("queue" + q + ".json");
            if (!Files.isRegularFile(report)) {
                invoke("bench", "--queue", q, "--batch-size", batchSize, "--width", width, "--limit", limit,
                        "--steps", benchSteps, "--warmup-steps", 2, "--threads", threads, "--report", report);
            }
            JsonNode j = JsonFiles.read(report);
            double mb = q * (256 * 4 + 8) / 1048576.0; // unit features (D = 256, float) + int64 labels
            t.row(List.of(String.valueOf(q), String.format("%.1f", mb), String.format("%.3f", j.get("s_per_step").asDouble()),
                    String.format("%.3f", j.get("queue_loss_s").asDouble())));
        }
        return t;
    }

    /** Runs (or resumes, or skips) a cell and its linear probe; returns kNN, linear top-1 and training seconds. */
    private Map<String, Double> run(Cell c) {
        Path dir = out.resolve(c.dirName());
        if (!Files.isRegularFile(dir.resolve("summary.json"))) {
            if (Files.isRegularFile(dir.resolve("checkpoint.pt"))) {
                LOG.info("cell {}: resuming", dir);
                invoke("pretrain", "--resume", dir);
            } else {
                LOG.info("cell {}: starting", dir);
                Map<String, Object> options = new LinkedHashMap<>(Map.of("--method", c.method(), "--limit", limit,
                        "--epochs", epochs, "--width", width, "--batch-size", batchSize, "--queue", queue, "--neighbors",
                        neighbors, "--seed", c.seed(), "--threads", threads, "--progress", "off"));
                options.put("--out", dir);
                for (String o : c.overrides()) options.put(o.split(" ")[0], o.split(" ")[1]); // the cell's change wins
                List<Object> args = new ArrayList<>(List.of("pretrain"));
                options.forEach((k, v) -> {
                    args.add(k);
                    args.add(v);
                });
                invoke(args.toArray());
            }
        }
        Path linear = dir.resolve("linear-fast.json");
        if (!Files.isRegularFile(linear)) {
            invoke("linear", "--run", dir, "--limit", limit, "--epochs", linearEpochs, "--seed", c.seed(), "--threads",
                    threads, "--report", linear);
        }
        JsonNode s = JsonFiles.read(dir.resolve("summary.json"));
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("knn", s.get("knn_top1").asDouble());
        r.put("linear", JsonFiles.read(linear).get("top1").asDouble());
        r.put("seconds", s.get("train_seconds_this_session").asDouble());
        return r;
    }

    private static void invoke(Object... args) {
        String[] a = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        int code = Main.run(a);
        if (code != 0) throw new IllegalStateException("'snclr " + String.join(" ", a) + "' failed with exit code " + code);
    }

    private void writeResults(List<Table> tablesOut) {
        StringBuilder md = new StringBuilder("# Results\n\nGenerated by `snclr ablate` (do not edit by hand). ");
        md.append(String.format("Budget per cell: Fashion-MNIST, %d class-balanced training images, ResNet-18 x%s "
                + "(CIFAR stem), batch %d, %d epochs, queue %d, K = %d, AdamW lr 2e-3 per 256, neighbour warm-up 1 epoch; "
                + "kNN k = 200, T = 0.07 and a %d-epoch fast linear probe, both on the full 10,000-image test set. "
                + "SPCL: P = 50 prototypes (k-means on one augmented view per image each epoch), half of each batch from "
                + "its anchor prototype, λ_c = λ_m = λ_p = 1, plain CE, NT-Xent T = 0.2. "
                + "Seeds %s; \"a (b-c)\" is the mean and the range over seeds. Cells: `%s`.%n%n", limit, width, batchSize,
                epochs, queue, neighbors, linearEpochs, seeds, out));
        for (Table t : tablesOut) {
            md.append("## ").append(t.title()).append("\n\n").append(t.markdown()).append('\n');
            if (t.title().startsWith("View similarity") && Files.isRegularFile(similarityChart())) {
                md.append("![similarity curves](").append(similarityChart().getFileName()).append(")\n\n");
            }
            JsonFiles.writeText(out.resolve(t.title().replaceAll("[^A-Za-z0-9]+", "-").toLowerCase() + ".csv"), t.csv());
        }
        JsonFiles.writeText(results, md.toString());
        spec.commandLine().getOut().println("results: " + results);
    }

    private static String pct(double v) {
        return String.format("%.2f", 100 * v);
    }

    private static String spread(List<Map<String, Double>> runs, String key) {
        double[] v = runs.stream().mapToDouble(r -> r.get(key)).toArray();
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        double lo = Arrays.stream(v).min().orElse(Double.NaN), hi = Arrays.stream(v).max().orElse(Double.NaN);
        double scale = key.equals("seconds") ? 1 : 100;
        String f = key.equals("seconds") ? "%.0f" : "%.2f";
        if (v.length == 1) return String.format(f, scale * mean);
        return String.format(f + " (" + f + "-" + f + ")", scale * mean, scale * lo, scale * hi);
    }
}
