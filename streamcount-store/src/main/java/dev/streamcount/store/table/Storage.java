package dev.streamcount.store.table;

import java.util.List;

/**
 * Where committed changes go before they become visible: the seam for durability.
 *
 * <p>Every change to the store passes through one of these methods while the writer holds the locks
 * of the tables it changes, and is applied to memory only after the method returns. A durable
 * implementation (a write-ahead log, fsynced before returning) therefore makes every acknowledged
 * write survive a crash, and replaying the log in order rebuilds the same state: no operation needs
 * to change to add it. A method that throws leaves the change unapplied.
 */
public interface Storage extends AutoCloseable {
    /** Keeps nothing: tables live and die with the process. */
    Storage IN_MEMORY =
            new Storage() {
                @Override
                public void tableCreated(TableDefinition definition) {}

                @Override
                public void tableDeleted(String name) {}

                @Override
                public void timeToLiveChanged(String table, String attributeName) {}

                @Override
                public void itemsWritten(List<ItemWrite> writes) {}

                @Override
                public void close() {}
            };

    /** A table was created. */
    void tableCreated(TableDefinition definition);

    /** A table and all its items were deleted. */
    void tableDeleted(String name);

    /** Time to live was enabled on {@code attributeName}, or disabled (null). */
    void timeToLiveChanged(String table, String attributeName);

    /** Item writes that commit together (one item, or a whole transaction). */
    void itemsWritten(List<ItemWrite> writes);

    @Override
    void close();
}
