package io.snclr.train;

import io.snclr.engine.Scope;

/** Where the trainer takes its next batch from: prepared ahead on a thread, or inline (benchmarks). */
interface BatchSource extends AutoCloseable {
    /** The next batch; its tensors belong to {@code scope}. */
    Batch next(Scope scope) throws InterruptedException;

    @Override
    void close();
}
