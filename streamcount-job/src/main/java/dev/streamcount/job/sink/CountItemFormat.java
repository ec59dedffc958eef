package dev.streamcount.job.sink;

import java.io.Serializable;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How the exactly-once committer turns a committed count into a DynamoDB item: one per table it
 * writes. Every format holds the count in {@link WordCountItem#COUNT}, which the fence ({@link
 * WordCountItem#NOT_LOWER}) compares.
 */
public interface CountItemFormat extends Serializable {

    /** The running totals: {@code {word, count}} ({@link WordCountItem}). */
    CountItemFormat TOTALS = WordCountItem::of;

    /**
     * The item holding {@code count} for {@code key}, the key the counting operator emitted (a word
     * for the totals).
     */
    Map<String, AttributeValue> item(String key, long count);

    /** The name of the committer's metric {@code name} for this table: as is for the totals. */
    default String metric(String name) {
        return name;
    }

    /** {@code key} as a log line names it. */
    default String describe(String key) {
        return "'" + key + "'";
    }
}
