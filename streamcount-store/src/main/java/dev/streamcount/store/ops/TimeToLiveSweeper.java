package dev.streamcount.store.ops;

import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.table.Catalog;
import dev.streamcount.store.table.ItemWrite;
import dev.streamcount.store.table.PrimaryKey;
import dev.streamcount.store.table.Table;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes items whose time-to-live attribute, a number of epoch seconds, lies in the past.
 *
 * <p>As in DynamoDB, expiry is a background process: an expired item stays readable until the sweep
 * deletes it; an attribute that is not a number is ignored, and so is a time more than five years
 * in the past (DynamoDB's guard against milliseconds taken for seconds).
 */
public final class TimeToLiveSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(TimeToLiveSweeper.class);
    private static final long FIVE_YEARS_SECONDS = Duration.ofDays(5 * 365).toSeconds();

    private final Catalog catalog;
    private final Clock clock;

    /** A sweeper of {@code catalog}'s tables, reading the time from {@code clock}. */
    public TimeToLiveSweeper(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Deletes every item expired now; returns how many were deleted. */
    public int sweepOnce() {
        long now = clock.instant().getEpochSecond();
        int deleted = 0;
        for (Table table : catalog.tables().values()) {
            String attribute = table.timeToLiveAttribute();
            if (attribute == null) {
                continue;
            }
            List<PrimaryKey> expired = new ArrayList<>();
            for (Map.Entry<PrimaryKey, Map<String, AttributeValue>> e : table.items().entrySet()) {
                if (isExpired(e.getValue().get(attribute), now)) {
                    expired.add(e.getKey());
                }
            }
            if (!expired.isEmpty()) {
                deleted += delete(table, attribute, expired, now);
            }
        }
        return deleted;
    }

    private int delete(Table table, String attribute, List<PrimaryKey> keys, long now) {
        table.lock();
        try {
            if (catalog.tables().get(table.name()) != table) {
                return 0;
            }
            List<ItemWrite> writes = new ArrayList<>();
            for (PrimaryKey key : keys) {
                // Re-check under the lock: a writer may have extended the item's life meanwhile.
                Map<String, AttributeValue> item = table.get(key);
                if (item != null && isExpired(item.get(attribute), now)) {
                    writes.add(new ItemWrite(table, key, null));
                }
            }
            catalog.commit(writes);
            if (!writes.isEmpty()) {
                LOG.debug("Expired {} items of {}", writes.size(), table.name());
            }
            return writes.size();
        } finally {
            table.unlock();
        }
    }

    static boolean isExpired(AttributeValue value, long nowSeconds) {
        if (!(value instanceof AttributeValue.N n)) {
            return false;
        }
        BigDecimal expiry = n.value();
        return expiry.compareTo(BigDecimal.valueOf(nowSeconds)) < 0
                && expiry.compareTo(BigDecimal.valueOf(nowSeconds - FIVE_YEARS_SECONDS)) >= 0;
    }
}
