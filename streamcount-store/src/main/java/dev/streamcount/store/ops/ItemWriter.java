package dev.streamcount.store.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.api.ErrorType;
import dev.streamcount.store.expression.Condition;
import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.AttributeValues;
import dev.streamcount.store.table.Catalog;
import dev.streamcount.store.table.ItemWrite;
import dev.streamcount.store.table.PrimaryKey;
import dev.streamcount.store.table.Table;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The read-check-write of a single-item write, under the table's lock: read the current item, test
 * the condition on it, compute the new item, commit.
 */
final class ItemWriter {
    /** The item before and after a write (either null when absent). */
    record Result(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {}

    private final Catalog catalog;

    ItemWriter(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Writes one item.
     *
     * @param condition tested on the current item (the empty map when absent), or null
     * @param returnOldOnFailure whether a failed condition returns the current item in the error
     * @param change computes the new item from the current one (null when absent); returns null to
     *     delete
     * @throws DynamoDbException {@code ConditionalCheckFailedException} when the condition fails
     */
    Result write(
            Table table,
            PrimaryKey key,
            Condition condition,
            boolean returnOldOnFailure,
            UnaryOperator<Map<String, AttributeValue>> change) {
        table.lock();
        try {
            Table live = catalog.get(table.name());
            if (live != table) {
                // Deleted (and maybe re-created) while we waited for the lock.
                throw new DynamoDbException(
                        ErrorType.RESOURCE_NOT_FOUND, "Requested resource not found");
            }
            Map<String, AttributeValue> before = table.get(key);
            if (condition != null && !condition.test(before == null ? Map.of() : before)) {
                throw conditionFailed(returnOldOnFailure ? before : null);
            }
            Map<String, AttributeValue> after = change.apply(before);
            if (before != null || after != null) {
                catalog.commit(List.of(new ItemWrite(table, key, after)));
            }
            return new Result(before, after);
        } finally {
            table.unlock();
        }
    }

    /** DynamoDB's error for a failed condition, with the current item if asked for. */
    static DynamoDbException conditionFailed(Map<String, AttributeValue> item) {
        ObjectNode extra = null;
        if (item != null) {
            extra = Requests.JSON.objectNode();
            extra.set("Item", AttributeValues.toJson(item));
        }
        return new DynamoDbException(
                ErrorType.CONDITIONAL_CHECK_FAILED, "The conditional request failed", extra);
    }
}
