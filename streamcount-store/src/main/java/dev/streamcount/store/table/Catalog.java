package dev.streamcount.store.table;

import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.api.ErrorType;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The store's tables by name, and the single path by which anything changes: through {@link
 * Storage} first, then memory.
 */
public final class Catalog {
    private final ConcurrentSkipListMap<String, Table> tables = new ConcurrentSkipListMap<>();
    private final Storage storage;

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
            storage.tableCreated(definition);
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
                storage.tableDeleted(name);
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
        storage.timeToLiveChanged(table.name(), attribute);
        table.setTimeToLiveAttribute(attribute);
    }

    /**
     * Commits writes that belong together: logs them, then applies them. The caller holds the locks
     * of every table written and has checked every condition.
     */
    public void commit(List<ItemWrite> writes) {
        storage.itemsWritten(writes);
        for (ItemWrite write : writes) {
            write.table().apply(write.key(), write.item());
        }
    }

    /** Closes the storage. */
    public void close() {
        storage.close();
    }
}
