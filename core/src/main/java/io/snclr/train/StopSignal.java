package io.snclr.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request to stop training cleanly (SIGINT, SIGTERM): the trainer finishes its step, writes a checkpoint and
 * acknowledges, so that whoever asked (a shutdown hook) can let the process end only once the state is safe.
 */
public final class StopSignal {
    private volatile boolean requested;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public void request() {
        requested = true;
    }

    public boolean requested() {
        return requested;
    }

    /** Called by the trainer when it has stopped (with its checkpoint written, or with nothing left to save). */
    public void acknowledge() {
        stopped.countDown();
    }

    /** Waits until the trainer has stopped; false when it did not within the time. */
    public boolean awaitStopped(long seconds) throws InterruptedException {
        return stopped.await(seconds, TimeUnit.SECONDS);
    }
}
