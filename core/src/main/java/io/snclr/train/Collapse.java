package io.snclr.train;

/** When a run collapsed: the first step of its run of low spreads, and the spread when that was noticed. */
public record Collapse(long step, double spread) {
    /** In words, for the log, the summary and the report. */
    public String describe() {
        return String.format(
                "from step %d the representations' spread stayed below %.2f (%.3f; 1 = random directions): every image"
                        + " gets nearly the same embedding; a lower --lr or --weight-decay, or a longer"
                        + " --warmup-epochs, usually avoids it",
                step + 1, CollapseWatch.FLOOR, spread);
    }
}
