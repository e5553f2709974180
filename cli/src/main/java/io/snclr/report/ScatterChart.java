package io.snclr.report;

import io.snclr.files.AtomicFile;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A 2-D scatter plot with one colour per class (JFreeChart, headless), written as PNG atomically. */
public final class ScatterChart {
    private static final Color[] TAB10 = {
        new Color(0x1f77b4),
        new Color(0xff7f0e),
        new Color(0x2ca02c),
        new Color(0xd62728),
        new Color(0x9467bd),
        new Color(0x8c564b),
        new Color(0xe377c2),
        new Color(0x7f7f7f),
        new Color(0xbcbd22),
        new Color(0x17becf)
    };

    private ScatterChart() {}

    /**
     * @param xy N×2 coordinates, row-major
     * @param labels class of each point (-1 unknown)
     * @param classNames legend names by class index
     */
    public static void writePng(Path file, String title, float[] xy, int[] labels, List<String> classNames, int size) {
        System.setProperty("java.awt.headless", "true");
        int classes = Math.max(1, classNames.size());
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries[] series = new XYSeries[classes + 1];
        for (int c = 0; c < classes; c++)
            series[c] = new XYSeries(c < classNames.size() ? classNames.get(c) : "all", false, true);
        series[classes] = new XYSeries("unlabelled", false, true);
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i] >= 0 && labels[i] < classes ? labels[i] : classes;
            series[c].add(xy[2 * i], xy[2 * i + 1]);
        }
        for (XYSeries s : series) if (s.getItemCount() > 0) data.addSeries(s);
        JFreeChart chart =
                ChartFactory.createScatterPlot(title, "", "", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String key = data.getSeriesKey(i).toString();
            int c = classNames.indexOf(key);
            r.setSeriesPaint(i, c >= 0 ? TAB10[c % TAB10.length] : Color.GRAY);
            r.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        plot.setRenderer(r);
        plot.getDomainAxis().setTickLabelsVisible(false);
        plot.getRangeAxis().setTickLabelsVisible(false);
        AtomicFile.write(file, tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, size, size));
    }
}
