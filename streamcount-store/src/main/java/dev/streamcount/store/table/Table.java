package dev.streamcount.store.table;

import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.AttributeValues;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A table's items, ordered by {@link PrimaryKey#ORDER}, and the lock its writers hold.
 *
 * <p>Items are immutable maps, replaced whole on every write, so readers never lock: a reader sees
 * each item either before or after a write. Writers lock the table for the read-check-write of a
 * conditional write; transactions lock all their tables in name order, so two transactions never
 * wait on each other in a cycle.
 */
public final class Table {
    private final TableDefinition definition;
    private final ConcurrentSkipListMap<PrimaryKey, Map<String, AttributeValue>> items =
            new ConcurrentSkipListMap<>(PrimaryKey.ORDER);
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong itemCount = new AtomicLong();
    private final AtomicLong sizeBytes = new AtomicLong();
    private volatile String timeToLiveAttribute;

    Table(TableDefinition definition) {
        this.definition = definition;
    }

    /** What CreateTable fixed. */
    public TableDefinition definition() {
        return definition;
    }

    /** The table's name. */
    public String name() {
        return definition.name();
    }

    /** The table's primary key. */
    public KeySchema keySchema() {
        return definition.keySchema();
    }

    /** The item at {@code key}, or null. */
    public Map<String, AttributeValue> get(PrimaryKey key) {
        return items.get(key);
    }

    /** All items in key order; a live, weakly consistent view. */
    public NavigableMap<PrimaryKey, Map<String, AttributeValue>> items() {
        return items;
    }

    /** The number of items. */
    public long itemCount() {
        return itemCount.get();
    }

    /** The total size of the items, in DynamoDB's item-size bytes. */
    public long sizeBytes() {
        return sizeBytes.get();
    }

    /** The attribute holding expiry times, or null when time to live is off. */
    public String timeToLiveAttribute() {
        return timeToLiveAttribute;
    }

    void setTimeToLiveAttribute(String attribute) {
        this.timeToLiveAttribute = attribute;
    }

    /** Takes the write lock; every write happens under it. */
    public void lock() {
        lock.lock();
    }

    /** Releases the write lock. */
    public void unlock() {
        lock.unlock();
    }

    /** Applies one committed write; the caller holds the lock and has logged the write. */
    void apply(PrimaryKey key, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> old = item == null ? items.remove(key) : items.put(key, item);
        if (old != null) {
            itemCount.decrementAndGet();
            sizeBytes.addAndGet(-AttributeValues.itemSize(old));
        }
        if (item != null) {
            itemCount.incrementAndGet();
            sizeBytes.addAndGet(AttributeValues.itemSize(item));
        }
    }
}
