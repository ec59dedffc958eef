package dev.streamcount.store.table;

import dev.streamcount.store.model.AttributeValue;
import java.util.Map;

/**
 * One item change about to be committed: the new item at {@code key}, or its deletion.
 *
 * @param table the table changed
 * @param key the item's key
 * @param item the new item, or null to delete it
 */
public record ItemWrite(Table table, PrimaryKey key, Map<String, AttributeValue> item) {}
