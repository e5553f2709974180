package io.snclr.train;

/**
 * Bookkeeping of the training loop, none of which changes what is learned.
 *
 * @param maxSteps stop (with a checkpoint) after this many global steps; 0 = run all epochs. Not saved with the run:
 *                 it stops one invocation, a resumed run goes on
 * @param checkpointEvery epochs between checkpoints (one is always written at the end)
 * @param logEvery steps between log lines when no progress bar is shown
 * @param prefetch batches prepared ahead by a background thread; 0 = inline
 * @param checkpointMinutes also checkpoint when this much time passed since the last one (0 = only per epoch), so a
 *                          long epoch is not lost
 * @param stopOnCollapse end the run (exit code 3) when its representations collapse, keeping the last checkpoint
 *                       from before; otherwise the collapse is reported (log, summary, report) and training goes on
 */
public record LoopConfig(
        long maxSteps,
        int checkpointEvery,
        int logEvery,
        Progress progress,
        int prefetch,
        double checkpointMinutes,
        boolean stopOnCollapse) {
    public static final LoopConfig DEFAULT = new LoopConfig(0, 1, 20, Progress.AUTO, 2, 30, false);

    public LoopConfig {
        if (maxSteps < 0) throw new IllegalArgumentException("--max-steps must be >= 0, got " + maxSteps);
        if (checkpointEvery < 1) throw new IllegalArgumentException("--checkpoint-every must be >= 1");
        if (logEvery < 1) throw new IllegalArgumentException("--log-every must be >= 1");
        if (prefetch < 0) throw new IllegalArgumentException("--prefetch must be >= 0");
        if (progress == null) throw new IllegalArgumentException("--progress: expected auto, on or off");
        if (!(checkpointMinutes >= 0)) throw new IllegalArgumentException("--checkpoint-minutes must be >= 0");
    }

    public LoopConfig withMaxSteps(long steps) {
        return new LoopConfig(steps, checkpointEvery, logEvery, progress, prefetch, checkpointMinutes, stopOnCollapse);
    }

    public LoopConfig withProgress(Progress p, int everySteps) {
        return new LoopConfig(maxSteps, checkpointEvery, everySteps, p, prefetch, checkpointMinutes, stopOnCollapse);
    }

    /** Checkpoints every {@code epochs} epochs and every {@code minutes} minutes (0: only per epoch). */
    public LoopConfig withCheckpoints(int epochs, double minutes) {
        return new LoopConfig(maxSteps, epochs, logEvery, progress, prefetch, minutes, stopOnCollapse);
    }

    public LoopConfig withPrefetch(int batches) {
        return new LoopConfig(
                maxSteps, checkpointEvery, logEvery, progress, batches, checkpointMinutes, stopOnCollapse);
    }

    public LoopConfig withStopOnCollapse(boolean stop) {
        return new LoopConfig(maxSteps, checkpointEvery, logEvery, progress, prefetch, checkpointMinutes, stop);
    }
}
