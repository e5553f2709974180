package io.snclr.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.snclr.config.RunConfigs;
import io.snclr.experiments.SeedStats.Differences;
import io.snclr.experiments.SeedStats.Spread;
import io.snclr.experiments.TableSpec.BestOf;
import io.snclr.experiments.TableSpec.Cells;
import io.snclr.experiments.TableSpec.Curve;
import io.snclr.experiments.TableSpec.Curves;
import io.snclr.experiments.TableSpec.MethodComparison;
import io.snclr.experiments.TableSpec.Paired;
import io.snclr.experiments.TableSpec.PrototypeSweep;
import io.snclr.experiments.TableSpec.QueueOverhead;
import io.snclr.experiments.TableSpec.Row;
import io.snclr.experiments.TableSpec.Seeds;
import io.snclr.experiments.TableSpec.Similarity;
import io.snclr.report.LineChart;
import io.snclr.report.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Turns a table's declaration into the table: runs the cells it needs (or reads their records) through the
 * {@link Grid}, computes its statistics and lays out its rows and charts.
 */
final class TableMaker {
    /** A made table and the charts drawn below it. */
    record Made(Table table, List<Chart> charts) {}

    /** A chart of a table: its alt text and the suffix of its file name. */
    record Chart(String alt, String name, LineChart chart) {}

    private final Grid grid;
    private final List<String> methods;
    private final String reference;
    private final List<Long> seeds;
    private final Placeholders values;
    private final DiagnosticTables diagnostics;

    /**
     * @param values the experiment's numbers by flag name (queue, neighbors, ...), for the declarations'
     *     placeholders
     */
    TableMaker(
            Grid grid,
            List<String> methods,
            String reference,
            List<Long> seeds,
            Map<String, Object> values,
            int benchSteps,
            Path benchDir) {
        this.grid = grid;
        this.methods = methods;
        this.reference = reference;
        this.seeds = seeds;
        this.values = new Placeholders(values);
        this.diagnostics = new DiagnosticTables(grid, methods, seeds, this.values, benchSteps, benchDir);
    }

    Made make(TableSpec spec) {
        if (spec instanceof Cells c) return plain(cells(c));
        if (spec instanceof Seeds s) return plain(seeds(s));
        if (spec instanceof MethodComparison m) return plain(comparison(m));
        if (spec instanceof BestOf b) return plain(bestOf(b));
        if (spec instanceof QueueOverhead q) return plain(diagnostics.overhead(q));
        if (spec instanceof Similarity s) return diagnostics.similarity(s);
        if (spec instanceof PrototypeSweep p) return plain(diagnostics.prototypes(p));
        if (spec instanceof Curves c) return curves(c);
        throw new IllegalStateException("no maker for " + spec);
    }

    private static Made plain(Table t) {
        return new Made(t, List.of());
    }

    private Cell cell(Row r, long seed) {
        Map<String, Object> set = new LinkedHashMap<>();
        r.set().forEach((k, v) -> set.put(k, values.settle(v)));
        return new Cell(values.fill(r.label()), r.method(), set, seed);
    }

    private Table cells(Cells spec) {
        Table t = new Table(values.fill(spec.title()), List.of("setting", "kNN top-1 %", "linear top-1 %", "train s"));
        for (Row row : spec.rows()) {
            Cell c = cell(row, seeds.get(0));
            CellResult r = grid.run(c);
            t.row(List.of(
                    c.label(),
                    Format.pct(r.knnTop1()),
                    Format.pct(r.linearTop1()),
                    Format.decimals(r.trainSeconds(), 0)));
        }
        return t;
    }

    private Table seeds(Seeds spec) {
        Table t = seedTable(spec.title(), spec.firstColumn());
        Map<String, List<CellResult>> byKey = new LinkedHashMap<>();
        for (Row row : spec.rows()) byKey.put(row.key(), overSeeds(t, row, seeds));
        if (seeds.size() > 1) {
            for (Paired p : spec.paired()) pairedRow(t, p.label(), byKey.get(p.a()), byKey.get(p.b()));
        }
        return t;
    }

    private Table comparison(MethodComparison spec) {
        Table t = seedTable(spec.title(), "method");
        overSeeds(
                t,
                new Row("untrained", "untrained network (reference)", "mocov3", Map.of("epochs", 0)),
                seeds.subList(0, 1),
                "untrained");
        Map<String, List<CellResult>> byMethod = new LinkedHashMap<>();
        for (String m : methods) byMethod.put(m, overSeeds(t, Row.of(m, m), seeds));
        if (seeds.size() > 1) {
            for (String m : methods) {
                if (m.equals(reference)) continue;
                pairedRow(t, m + " − " + reference + " (paired by seed)", byMethod.get(m), byMethod.get(reference));
            }
        }
        return t;
    }

    private Table bestOf(BestOf spec) {
        Table t = seedTable(spec.title(), "method");
        List<CellResult> chosen = overSeeds(t, chosenRow(spec), seeds);
        List<CellResult> ref = overSeeds(t, Row.of(reference, reference), seeds);
        if (seeds.size() > 1) pairedRow(t, "difference (paired by seed)", chosen, ref);
        return t;
    }

    /** The row {@code spec} takes from the best cell of its selection table (trained now if a record is missing). */
    private Row chosenRow(BestOf spec) {
        Cells selection = (Cells) PaperTables.byId(spec.selection());
        CellResult best = selection.rows().stream()
                .map(r -> grid.run(cell(r, seeds.get(0))))
                .max(Comparator.comparingDouble(CellResult::knnTop1))
                .orElseThrow();
        Map<String, Object> set = new LinkedHashMap<>();
        Map<String, Object> shown = new LinkedHashMap<>();
        JsonNode base = RunConfigs.toJson(
                grid.config(new Cell("base", selection.rows().get(0).method(), 0)));
        for (String key : spec.keys()) {
            JsonNode v = best.config().get("method").get(key);
            shown.put("best." + key, v.isNumber() ? v.asDouble() : v.asText());
            if (!v.equals(base.get("method").get(key))) set.put(key, v.isNumber() ? v.asDouble() : v.asText());
        }
        shown.put("best.knn", Format.pct(best.knnTop1()));
        String label = values.with(shown).fill(spec.label());
        return new Row(label, label, selection.rows().get(0).method(), set);
    }

    private boolean selectionRecorded(BestOf spec) {
        Cells selection = (Cells) PaperTables.byId(spec.selection());
        return selection.rows().stream().allMatch(r -> Files.isRegularFile(grid.record(cell(r, seeds.get(0)))));
    }

    private Table seedTable(String title, String firstColumn) {
        return new Table(
                values.fill(title),
                List.of(firstColumn, "seeds", "kNN top-1 %", "linear top-1 %", "train s (per seed)"));
    }

    /** Runs one row with the given seeds and adds it: mean ± sd (range) of kNN, linear and train seconds. */
    private List<CellResult> overSeeds(Table t, Row row, List<Long> with) {
        return overSeeds(t, row, with, null);
    }

    private List<CellResult> overSeeds(Table t, Row row, List<Long> with, String cellLabel) {
        List<CellResult> runs = runOverSeeds(row, with, cellLabel);
        t.row(List.of(
                values.fill(row.label()),
                with.stream().map(String::valueOf).collect(Collectors.joining(" ")),
                Format.spread(spread(runs, CellResult::knnTop1), true),
                Format.spread(spread(runs, CellResult::linearTop1), true),
                Format.spread(spread(runs, CellResult::trainSeconds), false)));
        return runs;
    }

    private List<CellResult> runOverSeeds(Row row, List<Long> with, String cellLabel) {
        return with.stream()
                .map(s -> {
                    Cell c = cell(row, s);
                    return grid.run(cellLabel == null ? c : new Cell(cellLabel, c.method(), c.overrides(), s));
                })
                .toList();
    }

    private static Spread spread(List<CellResult> runs, ToDoubleFunction<CellResult> f) {
        return Spread.of(runs.stream().mapToDouble(f).toArray());
    }

    private void pairedRow(Table t, String label, List<CellResult> a, List<CellResult> b) {
        t.row(List.of(
                label,
                seeds.stream().map(String::valueOf).collect(Collectors.joining(" ")),
                Format.paired(differences(a, b, CellResult::knnTop1)),
                Format.paired(differences(a, b, CellResult::linearTop1)),
                "-"));
    }

    private static Differences differences(List<CellResult> a, List<CellResult> b, ToDoubleFunction<CellResult> f) {
        return Differences.of(
                a.stream().mapToDouble(f).toArray(), b.stream().mapToDouble(f).toArray(), 100);
    }

    /** The step time as the queue grows (benchmarks, each kept as a small JSON file under the bench directory). */
    /** Per-epoch means over the seeds of each row's diagnostics; a chart of each charted curve. */
    private Made curves(Curves spec) {
        List<String> header = new ArrayList<>(List.of("setting", "epoch"));
        spec.curves().forEach(c -> header.add(c.header()));
        Table t = new Table(values.fill(spec.title()), header);
        List<Row> rows = new ArrayList<>(spec.rows());
        if (spec.chosen() != null && selectionRecorded(spec.chosen())) {
            Row chosen = chosenRow(spec.chosen());
            if (!chosen.set().isEmpty()) rows.add(chosen);
        }
        Map<Curve, LineChart> charts = new LinkedHashMap<>();
        for (Curve c : spec.curves()) {
            if (c.chart() != null) charts.put(c, new LineChart(c.chart(), "epoch", c.axis()));
        }
        int colour = 0;
        for (Row row : rows) {
            String label = values.fill(row.label());
            List<CellResult> runs = runOverSeeds(row, seeds, null);
            Map<Curve, List<double[]>> means = new LinkedHashMap<>();
            for (Curve c : spec.curves()) means.put(c, meanCurve(runs, c.key()));
            Curve first = spec.curves().get(0);
            for (double[] e : means.get(first)) {
                List<String> cells = new ArrayList<>(List.of(label, Format.decimals(e[0] + 1, 0)));
                for (Curve c : spec.curves()) {
                    cells.add(
                            c == first && c.withSd()
                                    ? String.format("%.3f ± %.3f", e[1], e[2])
                                    : atEpoch(means.get(c), e[0]));
                }
                t.row(cells);
            }
            for (Map.Entry<Curve, LineChart> ch : charts.entrySet()) {
                ch.getValue().series(label, DiagnosticTables.oneBased(means.get(ch.getKey())), colour, false);
            }
            colour++;
        }
        List<Chart> out = new ArrayList<>();
        if (!charts.isEmpty() && !charts.values().iterator().next().isEmpty()) {
            charts.forEach((c, chart) -> out.add(new Chart(c.name(), c.name().replace(' ', '-'), chart)));
        }
        return new Made(t, out);
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
            Spread s = Spread.of(a);
            out.add(new double[] {epoch, s.mean(), a.length > 1 ? s.sd() : 0});
        });
        return out;
    }
}
