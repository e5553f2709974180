package io.snclr.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.snclr.config.RunConfigs;
import io.snclr.experiments.TableMaker.Chart;
import io.snclr.experiments.TableMaker.Made;
import io.snclr.experiments.TableSpec.PrototypeSweep;
import io.snclr.experiments.TableSpec.QueueOverhead;
import io.snclr.experiments.TableSpec.Similarity;
import io.snclr.files.Json;
import io.snclr.method.Phase;
import io.snclr.method.ViewSimilarity;
import io.snclr.method.spcl.Prototypes;
import io.snclr.report.LineChart;
import io.snclr.report.Table;
import io.snclr.run.Benchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables of one seed's diagnostics rather than of accuracies over seeds: the queue's cost (Tab. 6, benchmarked),
 * SPCL's similarities (Fig. 2b) and its prototype count.
 */
final class DiagnosticTables {
    private final Grid grid;
    private final List<String> methods;
    private final List<Long> seeds;
    private final Placeholders values;
    private final int benchSteps;
    private final Path benchDir;

    DiagnosticTables(
            Grid grid, List<String> methods, List<Long> seeds, Placeholders values, int benchSteps, Path benchDir) {
        this.grid = grid;
        this.methods = methods;
        this.seeds = seeds;
        this.values = values;
        this.benchSteps = benchSteps;
        this.benchDir = benchDir;
    }

    Table overhead(QueueOverhead spec) {
        Table t = new Table(
                values.fill(spec.title()), List.of("queue length", "queue MB", "s/step (median)", "queue+loss s"));
        int queue = ((Number) values.settle("{queue}")).intValue();
        for (double factor : spec.factors()) {
            int q = (int) Math.round(queue * factor);
            Path report = benchDir.resolve("queue" + q + ".json");
            if (!Files.isRegularFile(report)) {
                try {
                    Benchmark.Result r = Benchmark.run(
                            RunConfigs.override(
                                    grid.base(), Map.of("queue", q, "neighbors", values.settle("{neighbors}")), ""),
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
            long dim = grid.base().heads().dim();
            double mb = q * (dim * 4 + 8) / 1048576.0; // unit float features + int64 labels
            t.row(List.of(
                    String.valueOf(q),
                    Format.decimals(mb, 1),
                    Format.decimals(j.get("s_per_step").asDouble(), 3),
                    Format.decimals(j.get("queue_loss_s").asDouble(), 3)));
        }
        return t;
    }

    /** SPCL's Fig. 2b for every method (first seed): the similarities at the last epoch, and their curves. */
    Made similarity(Similarity spec) {
        Table t = new Table(
                values.fill(spec.title()),
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
            CellResult r = grid.run(new Cell(method, method, seeds.get(0)));
            double tp = r.last(ViewSimilarity.TP_SIM),
                    fn = r.last(ViewSimilarity.FN_SIM),
                    neg = r.last(ViewSimilarity.NEG_SIM);
            if (Double.isNaN(tp) || Double.isNaN(fn) || Double.isNaN(neg)) continue;
            double tpProj = r.last(ViewSimilarity.TP_SIM + ViewSimilarity.PROJECTION_SUFFIX),
                    fnProj = r.last(ViewSimilarity.FN_SIM + ViewSimilarity.PROJECTION_SUFFIX);
            t.row(List.of(
                    method,
                    Format.decimals(tp, 3),
                    Format.decimals(fn, 3),
                    Format.decimals(neg, 3),
                    Format.decimals(tp - fn, 3),
                    Format.decimals(fn - neg, 3),
                    Double.isNaN(tpProj) || Double.isNaN(fnProj) ? "-" : Format.decimals(tpProj - fnProj, 3)));
            chart.series(method + " TP", oneBased(r.curve(ViewSimilarity.TP_SIM)), colour, false)
                    .series(method + " FN", oneBased(r.curve(ViewSimilarity.FN_SIM)), colour, true);
            colour++;
        }
        return new Made(t, chart.isEmpty() ? List.of() : List.of(new Chart("similarity curves", "similarity", chart)));
    }

    /** SPCL's prototype count P, with the last epoch's cluster purity and NMI against the true classes. */
    Table prototypes(PrototypeSweep spec) {
        Table t = new Table(
                values.fill(spec.title()),
                List.of(
                        "P",
                        "kNN top-1 %",
                        "linear top-1 %",
                        "purity (last epoch)",
                        "NMI (last epoch)",
                        "clustering s/epoch",
                        "train s"));
        int base = RunConfigs.toJson(grid.config(new Cell("base", "spcl", 0)))
                .path("method")
                .path("prototypes")
                .asInt();
        for (int p : spec.counts()) {
            CellResult r = grid.run(
                    new Cell("P = " + p, "spcl", p == base ? Map.of() : Map.of("prototypes", p), seeds.get(0)));
            double clustering = r.curve(Prototypes.CLUSTER_SECONDS).stream()
                    .mapToDouble(v -> v[1])
                    .average()
                    .orElse(Double.NaN);
            t.row(List.of(
                    String.valueOf(p),
                    Format.pct(r.knnTop1()),
                    Format.pct(r.linearTop1()),
                    Format.decimals(r.last(Prototypes.PURITY), 3),
                    Format.decimals(r.last(Prototypes.NMI), 3),
                    Format.decimals(clustering, 1),
                    Format.decimals(r.trainSeconds(), 0)));
        }
        return t;
    }

    /** Per-epoch points with epochs counted from 1, as the charts show them. */
    static List<double[]> oneBased(List<double[]> perEpoch) {
        return perEpoch.stream().map(p -> new double[] {p[0] + 1, p[1]}).toList();
    }
}
