package dev.streamcount.store.table;

import java.util.List;

/**
 * Where committed changes go: the seam for durability, shaped for group commit.
 *
 * <p>Every change passes through one of the {@code append} methods while the writer holds the locks
 * of the tables it changes, and is applied to memory right after. Appending is cheap and does not
 * wait for the disk: it puts the change in an ordered log and returns its log sequence number
 * (LSN). The request then releases its locks and calls {@link #awaitDurable} before answering, so
 * many requests share one sync. Because the log is ordered, a change that depended on what it read
 * (a condition, an update) is durable only after everything it read is.
 *
 * <p>A reader that may have seen a change not yet durable waits for {@link #appendedLsn()} as of
 * its read: no answer ever shows a write that a crash could still take back.
 */
public interface Storage extends AutoCloseable {
    /** Keeps nothing: tables live and die with the process, and nothing ever waits. */
    Storage IN_MEMORY =
            new Storage() {
                @Override
                public long tableCreated(TableDefinition definition) {
                    return 0;
                }

                @Override
                public long tableDeleted(TableDefinition definition) {
                    return 0;
                }

                @Override
                public long timeToLiveChanged(TableDefinition table, String attributeName) {
                    return 0;
                }

                @Override
                public long itemsWritten(List<ItemWrite> writes) {
                    return 0;
                }

                @Override
                public long appendedLsn() {
                    return 0;
                }

                @Override
                public void awaitDurable(long lsn) {}

                @Override
                public void close() {}
            };

    /** Appends the creation of a table; returns its LSN. */
    long tableCreated(TableDefinition definition);

    /** Appends the deletion of a table and all its items; returns its LSN. */
    long tableDeleted(TableDefinition definition);

    /**
     * Appends time to live enabled on {@code attributeName}, or disabled (null); returns its LSN.
     */
    long timeToLiveChanged(TableDefinition table, String attributeName);

    /** Appends item writes that commit together (one item, or a whole batch or transaction). */
    long itemsWritten(List<ItemWrite> writes);

    /** The LSN of the last change appended (0 before the first). */
    long appendedLsn();

    /**
     * Returns once every change up to {@code lsn} is durable.
     *
     * @throws StorageFailedException if the log can no longer be written
     */
    void awaitDurable(long lsn);

    /** Makes everything appended durable, then releases the files. */
    @Override
    void close();
}
