package dev.streamcount.store.table;

import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.Ordering;
import java.util.Comparator;

/**
 * The position of an item in its table: hash key, then range key (null for a hash-only table).
 *
 * <p>{@code bound} makes the key a search bound instead: -1 sorts before every range key of its
 * hash key, +1 after them all, so one ordered map can serve both point lookups and a partition's
 * range.
 */
public record PrimaryKey(AttributeValue hash, AttributeValue range, int bound) {
    /** The order of a table: hash keys by value, then range keys by DynamoDB's type order. */
    public static final Comparator<PrimaryKey> ORDER = PrimaryKey::compare;

    /** The key of an item. */
    public static PrimaryKey of(AttributeValue hash, AttributeValue range) {
        return new PrimaryKey(hash, range, 0);
    }

    /** A bound before every item with hash key {@code hash}. */
    public static PrimaryKey partitionStart(AttributeValue hash) {
        return new PrimaryKey(hash, null, -1);
    }

    /** A bound after every item with hash key {@code hash}. */
    public static PrimaryKey partitionEnd(AttributeValue hash) {
        return new PrimaryKey(hash, null, 1);
    }

    private static int compare(PrimaryKey a, PrimaryKey b) {
        int c = Ordering.compare(a.hash, b.hash);
        if (c != 0) {
            return c;
        }
        if (a.bound != 0 || b.bound != 0) {
            return Integer.compare(a.bound, b.bound);
        }
        if (a.range == null || b.range == null) {
            return 0;
        }
        return Ordering.compare(a.range, b.range);
    }
}
