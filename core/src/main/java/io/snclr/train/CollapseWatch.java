package io.snclr.train;

/**
 * Watches for collapse: every image mapped to (nearly) the same representation, which a contrastive loss without
 * enough negatives, too strong a weight decay or too high a learning rate can reach while the loss stays finite. The
 * signal is the batch's spread of L2-normalised representations ({@code rep_spread}: about 1 for random
 * directions, 0 when all are equal); a run whose spread stays below {@link #FLOOR} for {@link #STEPS} steps in a row
 * has collapsed. Healthy ResNet runs sit around 0.3–0.6 (their features are all positive, so never near 1).
 */
final class CollapseWatch {
    static final double FLOOR = 0.05;
    static final int STEPS = 5;

    private int streak;
    private Collapse collapse;

    /** Takes one step's spread (NaN when the method did not measure it); returns the collapse when it is new. */
    Collapse observe(long step, double spread) {
        streak = spread < FLOOR ? streak + 1 : 0;
        if (collapse != null || streak < STEPS) return null;
        collapse = new Collapse(step - STEPS + 1, spread);
        return collapse;
    }

    /** Whether the latest steps are low: a checkpoint written now might be a collapsed one. */
    boolean falling() {
        return streak > 0;
    }

    Collapse collapse() {
        return collapse;
    }
}
