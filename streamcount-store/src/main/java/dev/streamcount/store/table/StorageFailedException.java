package dev.streamcount.store.table;

/**
 * The store's files can no longer be written (disk full, I/O error, closed): no write can be
 * acknowledged any more, and none is. The request fails with an internal error; the changes it
 * applied to memory are lost with the process, as they were never acknowledged.
 */
public final class StorageFailedException extends RuntimeException {
    /** A failure with its cause. */
    public StorageFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
