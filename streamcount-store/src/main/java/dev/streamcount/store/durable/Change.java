package dev.streamcount.store.durable;

import dev.streamcount.store.table.ItemWrite;
import dev.streamcount.store.table.TableDefinition;
import java.util.List;

/**
 * One entry of the log: a change appended by a request under its table locks and not yet written to
 * the engine. Entries hold the immutable values themselves; encoding them is left to the log
 * writer's thread, so the locks are held no longer than it takes to append.
 */
sealed interface Change {
    /** A table was created. */
    record TableCreated(TableDefinition definition) implements Change {}

    /** A table and its items were deleted. */
    record TableDeleted(TableDefinition definition) implements Change {}

    /** Time to live was set on {@code attribute}, or turned off (null). */
    record TimeToLiveChanged(TableDefinition definition, String attribute) implements Change {}

    /** Item writes that commit together. */
    record ItemsWritten(List<ItemWrite> writes) implements Change {}
}
