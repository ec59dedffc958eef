package dev.streamcount.job.error;

/** A failure a user can act on; its message is one line naming what is wrong. */
public class StreamCountException extends RuntimeException {
    public StreamCountException(String message) {
        super(message);
    }

    public StreamCountException(String message, Throwable cause) {
        super(message, cause);
    }
}
