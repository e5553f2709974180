package io.snclr.experiments;

import java.util.List;
import java.util.Map;

/**
 * One table of a results page, declared as data: what cells it runs and what it shows. Titles and labels may hold
 * {@code {placeholders}} filled from the experiment ({@link Placeholders}). {@link TableMaker} turns a declaration
 * into a table; the declarations of the papers' tables are in {@link PaperTables}.
 */
public sealed interface TableSpec {
    /** Short id: the {@code --tables} name and the base of its CSV and chart file names. */
    String id();

    String title();

    /**
     * One setting: a method with settings over the experiment's base (flag names; a value {@code "{queue*4}"} is
     * computed from the base). {@code key} names it for paired rows.
     */
    record Row(String key, String label, String method, Map<String, Object> set) {
        public Row {
            set = Map.copyOf(set);
        }

        public static Row of(String label, String method) {
            return new Row(label, label, method, Map.of());
        }

        public static Row of(String label, String method, Map<String, Object> set) {
            return new Row(label, label, method, set);
        }
    }

    /** Rows {@code a} − {@code b} (keys), per seed. */
    record Paired(String label, String a, String b) {}

    /** One seed (the first): kNN, linear probe and training seconds of each row. */
    record Cells(String id, String title, List<Row> rows) implements TableSpec {}

    /**
     * Every row with every seed (mean ± sd and range) and the per-seed differences of row pairs.
     *
     * @param firstColumn the header of the label column
     */
    record Seeds(String id, String title, String firstColumn, List<Row> rows, List<Paired> paired)
            implements TableSpec {}

    /**
     * The experiment's methods with every seed, after the untrained network (first seed), each paired with the
     * reference method.
     */
    record MethodComparison(String id, String title) implements TableSpec {}

    /**
     * A row whose settings come from the best row of another table (by kNN on its cells), over every seed, paired
     * with the reference method.
     *
     * @param keys the settings taken from the best row; a value equal to the base's is left out, so that the plain
     *     row's records are reused
     */
    record BestOf(String id, String title, String selection, List<String> keys, String label) implements TableSpec {}

    /** The step time as the queue grows: the base's queue times each factor (benchmark, inline augmentation). */
    record QueueOverhead(String id, String title, List<Double> factors) implements TableSpec {}

    /** Every method's view similarities at the last epoch (first seed), and their curves. */
    record Similarity(String id, String title) implements TableSpec {}

    /** SPCL with each prototype count: accuracy, the prototypes' purity and NMI, and the clustering time. */
    record PrototypeSweep(String id, String title, List<Integer> counts) implements TableSpec {}

    /**
     * A per-epoch diagnostic of {@link Curves}: its column, and its chart when it has one.
     *
     * @param withSd show the standard deviation over seeds beside the mean
     * @param chart the chart's title (null: no chart); {@code name} names its file and its alt text
     */
    record Curve(String key, String header, boolean withSd, String chart, String axis, String name) {}

    /**
     * Per-epoch curves of the rows' diagnostics, mean over seeds.
     *
     * @param chosen optionally, a further row taken as {@link BestOf} does, once the selection's records exist
     */
    record Curves(String id, String title, List<Row> rows, List<Curve> curves, BestOf chosen) implements TableSpec {}
}
