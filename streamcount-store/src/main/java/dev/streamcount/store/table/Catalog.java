package dev.streamcount.store.table;

import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.api.ErrorType;
import dev.streamcount.store.model.AttributeValue;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The store's tables by name, and the single path by which anything changes: appended to {@link
 * Storage} first, then applied to memory.
 *
 * <p>It also remembers, per request thread, the LSN of the last change the request appended, so
 * that {@link #awaitDurableAnswer} waits for exactly what the answer depends on.
 */
public final class Catalog {
    private final ConcurrentSkipListMap<String, Table> tables = new ConcurrentSkipListMap<>();
    private final Storage storage;

    /**
     * The highest LSN appended by the request running on this thread. A request runs on one thread
     * from start to answer (the HTTP layer is blocking), so a thread-local is its scope.
     */
    private final ThreadLocal<long[]> requestLsn = ThreadLocal.withInitial(() -> new long[1]);

    /** A catalog committing through {@code storage}. */
    public Catalog(Storage storage) {
        this.storage = storage;
    }

    /**
     * Creates a table.
     *
     * @throws DynamoDbException {@code ResourceInUseException} if the name is taken
     */
    public Table create(TableDefinition definition) {
        Table table = new Table(definition);
        // Serialise creations so the log never holds a create for a name already taken.
        synchronized (tables) {
            if (tables.containsKey(definition.name())) {
                throw new DynamoDbException(
                        ErrorType.RESOURCE_IN_USE, "Table already exists: " + definition.name());
            }
            appended(storage.tableCreated(definition));
            tables.put(definition.name(), table);
        }
        return table;
    }

    /**
     * Deletes a table and its items.
     *
     * @throws DynamoDbException {@code ResourceNotFoundException} if there is none
     */
    public Table delete(String name) {
        Table table = describe(name);
        table.lock();
        try {
            synchronized (tables) {
                appended(storage.tableDeleted(table.definition()));
                tables.remove(name);
            }
        } finally {
            table.unlock();
        }
        return table;
    }

    /**
     * The table for an item operation.
     *
     * @throws DynamoDbException {@code ResourceNotFoundException} worded as for item operations
     */
    public Table get(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw new DynamoDbException(
                    ErrorType.RESOURCE_NOT_FOUND, "Requested resource not found");
        }
        return table;
    }

    /**
     * The table for a table operation (DescribeTable, DeleteTable, ...).
     *
     * @throws DynamoDbException {@code ResourceNotFoundException} naming the table, as DynamoDB
     *     words it for table operations
     */
    public Table describe(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw new DynamoDbException(
                    ErrorType.RESOURCE_NOT_FOUND,
                    "Requested resource not found: Table: " + name + " not found");
        }
        return table;
    }

    /** All tables by name. */
    public NavigableMap<String, Table> tables() {
        return tables;
    }

    /** Turns time to live on ({@code attribute}) or off (null); the caller holds the table lock. */
    public void setTimeToLive(Table table, String attribute) {
        appended(storage.timeToLiveChanged(table.definition(), attribute));
        table.setTimeToLiveAttribute(attribute);
    }

    /**
     * Commits writes that belong together: logs them, then applies them. The caller holds the locks
     * of every table written and has checked every condition.
     */
    public void commit(List<ItemWrite> writes) {
        if (writes.isEmpty()) {
            return;
        }
        appended(storage.itemsWritten(writes));
        for (ItemWrite write : writes) {
            write.table().apply(write.key(), write.item());
        }
    }

    /**
     * Puts back a table read from storage at startup, without logging it again: its definition, its
     * time-to-live attribute (or null) and its items.
     */
    public void restore(
            TableDefinition definition,
            String timeToLiveAttribute,
            Iterable<Map<String, AttributeValue>> items) {
        Table table = new Table(definition);
        table.setTimeToLiveAttribute(timeToLiveAttribute);
        KeySchema schema = definition.keySchema();
        for (Map<String, AttributeValue> item : items) {
            table.apply(schema.keyOf(item), item);
        }
        if (tables.putIfAbsent(definition.name(), table) != null) {
            throw new IllegalStateException("Table restored twice: " + definition.name());
        }
    }

    /** Starts a request on this thread: it has appended nothing yet. */
    public void beginRequest() {
        requestLsn.get()[0] = 0;
    }

    /**
     * Waits until the answer of the request running on this thread can no longer be taken back by a
     * crash.
     *
     * <p>A request that changed something and succeeded waits for its own last change: everything
     * it read under its locks was appended before it, and the log is ordered. Any other answer (a
     * read, a failed condition, an error after reading) may show changes of others still pending,
     * so it waits for everything appended until now; when nothing is pending that costs nothing.
     *
     * @param succeeded whether the request is about to answer with success
     * @throws StorageFailedException if the storage can no longer make changes durable
     */
    public void awaitDurableAnswer(boolean succeeded) {
        long own = requestLsn.get()[0];
        storage.awaitDurable(succeeded && own > 0 ? own : storage.appendedLsn());
    }

    private void appended(long lsn) {
        long[] own = requestLsn.get();
        own[0] = Math.max(own[0], lsn);
    }

    /** Closes the storage. */
    public void close() {
        storage.close();
    }
}
