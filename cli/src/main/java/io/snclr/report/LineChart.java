package io.snclr.report;

import io.snclr.files.AtomicFile;
import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A line chart of named (x, y) series, written as PNG with JFreeChart (headless), atomically. */
public final class LineChart {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4),
        new Color(0xd62728),
        new Color(0x2ca02c),
        new Color(0xff7f0e),
        new Color(0x9467bd),
        new Color(0x8c564b),
        new Color(0x17becf)
    };

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Map<String, Line> lines = new LinkedHashMap<>();
    private final List<Marker> markers = new ArrayList<>();

    private record Marker(double x, String label) {}

    private record Line(List<double[]> points, int colour, boolean dashed) {}

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a series; series sharing a {@code colour} index belong together (e.g. one method, two quantities). */
    public LineChart series(String name, List<double[]> points, int colour, boolean dashed) {
        lines.put(name, new Line(new ArrayList<>(points), colour, dashed));
        return this;
    }

    /** A vertical line at {@code x} with a label: where something changed (a new phase of training). */
    public LineChart marker(double x, String label) {
        markers.add(new Marker(x, label));
        return this;
    }

    public boolean isEmpty() {
        return lines.values().stream().allMatch(l -> l.points().isEmpty());
    }

    /** The smallest and largest y of every series, or null without points. */
    private double[] span() {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Line l : lines.values()) {
            for (double[] p : l.points()) {
                lo = Math.min(lo, p[1]);
                hi = Math.max(hi, p[1]);
            }
        }
        return lo <= hi ? new double[] {lo, hi} : null;
    }

    public void writePng(Path file, int width, int height) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        for (var e : lines.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), false, true);
            for (double[] p : e.getValue().points()) s.add(p[0], p[1]);
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        range.setAutoRangeIncludesZero(false);
        double[] span = span();
        if (span != null && span[1] - span[0] <= 1e-9 * Math.max(1, Math.abs(span[1]))) {
            // a constant series: show its value in a readable band, not 1e-16 wide ticks
            double v = span[0], pad = Math.max(Math.abs(v) * 0.01, 1e-3);
            range.setRange(v - pad, v + pad);
            range.setNumberFormatOverride(new java.text.DecimalFormat("0.####"));
        }
        for (Marker m : markers) {
            ValueMarker line = new ValueMarker(m.x(), Color.GRAY, new BasicStroke(1.5f));
            line.setLabel(m.label());
            line.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            line.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            plot.addDomainMarker(line);
        }
        boolean integralX =
                lines.values().stream().flatMap(l -> l.points().stream()).allMatch(p -> p[0] == Math.rint(p[0]));
        if (integralX) plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int i = 0;
        for (Line l : lines.values()) {
            renderer.setSeriesPaint(i, PALETTE[l.colour() % PALETTE.length]);
            renderer.setSeriesStroke(
                    i,
                    l.dashed()
                            ? new BasicStroke(
                                    2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                            : new BasicStroke(2f));
            renderer.setSeriesShapesVisible(i, l.points().size() <= 50);
            i++;
        }
        plot.setRenderer(renderer);
        AtomicFile.write(file, tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, width, height));
    }
}
