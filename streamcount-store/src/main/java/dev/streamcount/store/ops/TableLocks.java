package dev.streamcount.store.ops;

import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.api.ErrorType;
import dev.streamcount.store.table.Catalog;
import dev.streamcount.store.table.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Holds the locks of several tables, taken in name order so that two multi-table writers never wait
 * on each other in a cycle.
 */
final class TableLocks implements AutoCloseable {
    private final List<Table> locked = new ArrayList<>();

    private TableLocks() {}

    /**
     * Locks {@code tables} in name order and checks none was deleted meanwhile.
     *
     * @throws DynamoDbException {@code ResourceNotFoundException} if one was
     */
    static TableLocks lock(Catalog catalog, Collection<Table> tables) {
        List<Table> ordered = new ArrayList<>(tables);
        ordered.sort(Comparator.comparing(Table::name));
        TableLocks locks = new TableLocks();
        try {
            for (Table table : ordered) {
                table.lock();
                locks.locked.add(table);
                if (catalog.tables().get(table.name()) != table) {
                    throw new DynamoDbException(
                            ErrorType.RESOURCE_NOT_FOUND, "Requested resource not found");
                }
            }
        } catch (RuntimeException e) {
            locks.close();
            throw e;
        }
        return locks;
    }

    @Override
    public void close() {
        for (int i = locked.size() - 1; i >= 0; i--) {
            locked.get(i).unlock();
        }
        locked.clear();
    }
}
