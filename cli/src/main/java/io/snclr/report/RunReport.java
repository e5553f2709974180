package io.snclr.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.snclr.config.EffectiveSettings;
import io.snclr.config.RunConfigFile;
import io.snclr.files.AtomicFile;
import io.snclr.files.Html;
import io.snclr.files.Json;
import io.snclr.method.MetricSpec;
import io.snclr.rundir.Metric;
import io.snclr.rundir.MetricsFile;
import io.snclr.rundir.PretrainSummary;
import io.snclr.rundir.RunFiles;
import io.snclr.rundir.TensorBoardLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.html} of a pre-training run: curves over steps (loss, learning rate, EMA momentum, neighbour
 * precision) and over epochs (kNN top-1, view similarities, prototype purity), the final accuracies, the
 * configuration, and the neighbour grid when one was rendered. Charts are PNG files beside the page.
 */
public final class RunReport {
    private static final int WIDTH = 760, HEIGHT = 380;

    private RunReport() {}

    /**
     * Writes report.html and its charts from the files a run directory holds; returns the page.
     *
     * @param methodMetrics the diagnostics the run's method declares: each chart of them is drawn when logged
     */
    public static Path write(Path runDir, List<MetricSpec> methodMetrics) {
        StringBuilder html = new StringBuilder();
        head(html, runDir);
        result(html, runDir);
        curves(html, runDir, charts(runDir, methodMetrics));
        neighbours(html, runDir);
        configuration(html, runDir);
        html.append("</body></html>\n");
        Path page = runDir.resolve(RunFiles.REPORT_HTML);
        AtomicFile.writeString(page, html.toString());
        return page;
    }

    /** Draws the charts of the run's curves and returns their file names. */
    private static List<String> charts(Path runDir, List<MetricSpec> methodMetrics) {
        MetricsFile metrics = MetricsFile.read(runDir.resolve(RunFiles.METRICS));
        List<String> charts = new ArrayList<>();
        List<PhaseStart> phases = phases(metrics, methodMetrics);
        stepChart(runDir, metrics, charts, phases, Metric.LOSS, "training loss", "loss");
        stepChart(runDir, metrics, charts, phases, Metric.LR, "learning rate", "lr");
        stepChart(runDir, metrics, charts, phases, Metric.MOMENTUM, "EMA momentum m", "momentum");
        for (MetricSpec m : methodMetrics) {
            if (m.kind() == MetricSpec.Kind.STEP && m.chart() != null) {
                stepChart(
                        runDir,
                        metrics,
                        charts,
                        phases,
                        m.key(),
                        m.chart().title(),
                        m.chart().file());
            }
        }
        epochChart(runDir, metrics, charts, "kNN top-1 per epoch (--knn-every)", "knn", List.<String[]>of(new String[] {
            Metric.EPOCH_END, Metric.KNN_TOP1, "kNN top-1"
        }));
        Map<MetricSpec.Chart, List<String[]>> epochCharts = new LinkedHashMap<>();
        for (MetricSpec m : methodMetrics) {
            if (m.kind() == MetricSpec.Kind.STEP || m.kind() == MetricSpec.Kind.PHASE || m.chart() == null) continue;
            String marker = m.kind() == MetricSpec.Kind.EPOCH_START ? Metric.EPOCH_START : Metric.EPOCH_END;
            epochCharts.computeIfAbsent(m.chart(), c -> new ArrayList<>()).add(new String[] {marker, m.key(), m.label()
            });
        }
        epochCharts.forEach(
                (chart, series) -> epochChart(runDir, metrics, charts, chart.title(), chart.file(), series));
        return charts;
    }

    private static void head(StringBuilder html, Path runDir) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>snclr run ")
                .append(Html.escape(runDir.getFileName().toString()))
                .append("</title>")
                .append("<style>body{font-family:sans-serif;max-width:1600px;margin:2em auto;padding:0 1em}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}")
                .append(".charts{display:flex;flex-wrap:wrap;gap:12px}.charts img{border:1px solid #ddd}")
                .append("pre{background:#f6f6f6;padding:1em;overflow:auto}</style></head><body>\n")
                .append("<h1>snclr run <code>")
                .append(Html.escape(runDir.getFileName().toString()))
                .append("</code></h1>\n");
    }

    /** summary.json in words, with a warning when the run collapsed. */
    private static void result(StringBuilder html, Path runDir) {
        PretrainSummary summary = PretrainSummary.read(runDir);
        if (summary == null) {
            html.append("<p>The run has not finished: no summary yet.</p>\n");
            return;
        }
        html.append("<h2>Result</h2>\n<table id=\"summary\">\n");
        if (summary.collapsed() != null) {
            html.append("<p style=\"border:2px solid #c00;padding:8px\"><strong>This run collapsed:</strong> ")
                    .append(Html.escape(summary.collapsed()))
                    .append(". Its encoder is of little use.</p>\n");
        }
        JsonNode s = Json.MAPPER.valueToTree(summary);
        s.fields()
                .forEachRemaining(e -> html.append("<tr><th>")
                        .append(Html.escape(SummaryLabels.label(e.getKey())))
                        .append("</th><td>")
                        .append(Html.escape(SummaryLabels.value(e.getKey(), e.getValue())))
                        .append("</td></tr>\n"));
        html.append("</table>\n");
        if (Files.isRegularFile(runDir.resolve(RunFiles.SKIPPED_IMAGES))) {
            html.append("<p>Unusable training images, with reasons: <a href=\"")
                    .append(RunFiles.SKIPPED_IMAGES)
                    .append("\">")
                    .append(RunFiles.SKIPPED_IMAGES)
                    .append("</a></p>\n");
        }
    }

    private static void curves(StringBuilder html, Path runDir, List<String> charts) {
        html.append("<h2>Curves</h2>\n");
        if (Files.isDirectory(runDir.resolve(TensorBoardLog.DIR))) {
            html.append("<p>Every number of metrics.jsonl is also in TensorBoard: <code>tensorboard --logdir ")
                    .append(Html.escape(runDir.toAbsolutePath().toString()))
                    .append("</code> (event files in <a href=\"")
                    .append(TensorBoardLog.DIR)
                    .append("/\">")
                    .append(TensorBoardLog.DIR)
                    .append("/</a>).</p>\n");
        }
        html.append("<div class=\"charts\">\n");
        for (String c : charts) {
            html.append("<img src=\"")
                    .append(c)
                    .append("\" width=\"")
                    .append(WIDTH)
                    .append("\" height=\"")
                    .append(HEIGHT)
                    .append("\" alt=\"")
                    .append(c)
                    .append("\">\n");
        }
        html.append("</div>\n");
    }

    private static void neighbours(StringBuilder html, Path runDir) {
        if (!Files.isRegularFile(runDir.resolve("neighbors.png"))) return;
        html.append("<h2>Neighbours</h2>\n<p>Query images (left) with their top-K candidates ranked by positiveness; ")
                .append("green border = same class, red = different (<a href=\"neighbors.html\">details</a>).</p>\n")
                .append("<img src=\"neighbors.png\" alt=\"neighbour grid\">\n");
    }

    /** Every setting as the run used it (values a recipe leaves to the backbone or method resolved), then the file. */
    private static void configuration(StringBuilder html, Path runDir) {
        Path config = runDir.resolve(RunFiles.CONFIG);
        if (!Files.isRegularFile(config)) return;
        html.append("<h2>Configuration</h2>\n");
        try {
            Map<String, String> used = EffectiveSettings.of(RunConfigFile.read(runDir, "the run"));
            html.append("<table id=\"settings\">\n");
            used.forEach((k, v) -> html.append("<tr><th>")
                    .append(Html.escape(k))
                    .append("</th><td>")
                    .append(Html.escape(v))
                    .append("</td></tr>\n"));
            html.append("</table>\n<p>As written in <code>config.yaml</code>:</p>\n");
        } catch (RuntimeException e) {
            html.append("<p>(the settings could not be resolved: ")
                    .append(Html.escape(e.getMessage()))
                    .append(")</p>\n");
        }
        html.append("<pre>").append(Html.escape(read(config))).append("</pre>\n");
    }

    /** Where a phase of training starts: its step and what changed, in words. */
    private record PhaseStart(double step, String label) {}

    /** The steps where a phase metric changes value (neighbours switched on), with the new value. */
    private static List<PhaseStart> phases(MetricsFile m, List<MetricSpec> methodMetrics) {
        List<PhaseStart> out = new ArrayList<>();
        for (MetricSpec spec : methodMetrics) {
            if (spec.kind() != MetricSpec.Kind.PHASE) continue;
            double previous = Double.NaN;
            for (double[] p : m.perStep(spec.key())) {
                if (!Double.isNaN(previous) && p[1] != previous) {
                    out.add(new PhaseStart(p[0], spec.label() + ": " + Numbers.of(p[1])));
                }
                previous = p[1];
            }
        }
        return out;
    }

    private static void stepChart(
            Path dir,
            MetricsFile m,
            List<String> charts,
            List<PhaseStart> phases,
            String key,
            String title,
            String file) {
        List<double[]> points = m.perStep(key);
        if (points.isEmpty()) return;
        String png = file + ".png";
        LineChart chart = new LineChart(title, "step", key).series(key, points, 0, false);
        for (PhaseStart p : phases) chart.marker(p.step(), p.label());
        chart.writePng(dir.resolve(png), WIDTH, HEIGHT);
        charts.add(png);
    }

    /** @param series {marker, key, legend} triples, plotted against the 1-based epoch */
    private static void epochChart(
            Path dir, MetricsFile m, List<String> charts, String title, String file, List<String[]> series) {
        LineChart chart = new LineChart(title, "epoch", "");
        int colour = 0;
        for (String[] s : series) {
            List<double[]> points = m.perEpoch(s[0], s[1]).stream()
                    .map(p -> new double[] {p[0] + 1, p[1]})
                    .toList();
            if (!points.isEmpty()) chart.series(s[2], points, colour, false);
            colour++;
        }
        if (chart.isEmpty()) return;
        String png = file + ".png";
        chart.writePng(dir.resolve(png), WIDTH, HEIGHT);
        charts.add(png);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
    }
}
