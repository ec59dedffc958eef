package dev.streamcount.cli.dashboard;

/** A request the API refuses: an HTTP status and one line saying why, sent as JSON. */
final class ApiError extends RuntimeException {
    final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
