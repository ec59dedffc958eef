package dev.streamcount.store.durable;

import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.table.TableDefinition;
import java.util.List;
import java.util.Map;

/**
 * The embedded storage engine behind the log: keeps the latest state of every table, and makes a
 * batch of changes durable in one commit (one sync), all or nothing.
 */
interface Engine extends AutoCloseable {
    /** A table as found in the files: definition, time-to-live attribute (or null), items. */
    record StoredTable(
            TableDefinition definition,
            String timeToLiveAttribute,
            Iterable<Map<String, AttributeValue>> items) {}

    /** Every table stored, for loading into memory at startup. */
    List<StoredTable> tables();

    /**
     * Applies {@code changes}, in order, as one atomic commit, and returns once it is on disk
     * (synced). Called by the log writer's thread only.
     */
    void commit(List<Change> changes);

    /** Releases the files; everything committed stays. */
    @Override
    void close();
}
