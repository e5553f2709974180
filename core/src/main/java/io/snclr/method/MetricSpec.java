package io.snclr.method;

/**
 * A diagnostic a method logs in metrics.jsonl, declared by the method so that the trainer, the run report and the
 * result records handle it without knowing which method wrote it.
 *
 * @param key its key in metrics.jsonl
 * @param label what it is, in words (legends and tables)
 * @param kind how it is logged and kept
 * @param chart the report chart it is drawn in (several metrics may share one), or null: not charted
 */
public record MetricSpec(String key, String label, Kind kind, Chart chart) {
    /** A chart of the run report: its file name (without .png) and its title. */
    public record Chart(String file, String title) {}

    /** How a metric is logged. */
    public enum Kind {
        /** Logged every step; charted over steps, and its epoch mean kept. */
        STEP,
        /** Logged every step; only its epoch mean is charted (and kept). */
        EPOCH_MEAN,
        /** Logged once at the start of each epoch ({@link PretrainMethod#beforeEpoch}). */
        EPOCH_START,
        /**
         * Logged every step; a change of its value starts a new phase of training (neighbours switched on), marked on
         * the curves over steps so that a jump in the loss is not read as divergence.
         */
        PHASE
    }

    public MetricSpec {
        if (key == null || label == null || kind == null) throw new IllegalArgumentException("a metric needs a key");
    }

    /** Whether the trainer keeps this metric's epoch mean. */
    public boolean averagedPerEpoch() {
        return kind != Kind.EPOCH_START && kind != Kind.PHASE;
    }
}
