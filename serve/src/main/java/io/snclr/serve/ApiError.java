package io.snclr.serve;

/** A request the service refuses: its HTTP status and one line saying why (sent as {"error": ...}). */
final class ApiError extends RuntimeException {
    final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
