package io.snclr.train;

import java.util.function.IntConsumer;

/** Progress reports passed on at most every ten seconds, from whichever thread reports. */
public final class Throttled implements IntConsumer {
    private static final long NANOS = 10_000_000_000L;

    private final IntConsumer report;
    private long last = System.nanoTime();

    public Throttled(IntConsumer report) {
        this.report = report;
    }

    @Override
    public void accept(int done) {
        synchronized (this) {
            long now = System.nanoTime();
            if (now - last < NANOS) return;
            last = now;
        }
        report.accept(done);
    }
}
