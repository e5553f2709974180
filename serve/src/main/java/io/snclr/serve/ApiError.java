package io.snclr.serve;

import java.util.concurrent.CompletionException;

/** A request the service refuses: its HTTP status and one line saying why (sent as {"error": ...}). */
final class ApiError extends RuntimeException {
    final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** What made a future fail: the failure itself, not the {@link CompletionException} a stage wrapped it in. */
    static Throwable causeOf(Throwable failure) {
        return failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
    }
}
