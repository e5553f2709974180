package io.snclr.engine;

/** A collective operation failed: another process died, hung past the timeout, or could not be reached. */
public final class CollectiveException extends IllegalStateException {
    public CollectiveException(String message) {
        super(message);
    }
}
