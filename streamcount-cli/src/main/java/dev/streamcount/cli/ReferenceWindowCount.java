package dev.streamcount.cli;

import dev.streamcount.job.window.WindowCountItem;
import dev.streamcount.job.window.WindowCountTable;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An independent per-window count: each record's words ({@link ReferenceWordCount}) under the
 * tumbling window its timestamp falls in, {@code floor(timestamp / size) * size}. Keys are {@code
 * "<window start> <word>"}, as {@link #read} gives the table's.
 */
public final class ReferenceWindowCount {
    private final long sizeMillis;
    private final Map<Long, ReferenceWordCount> windows = new HashMap<>();

    public ReferenceWindowCount(long sizeMillis) {
        this.sizeMillis = sizeMillis;
    }

    public void add(long timestamp, byte[] record) {
        windows.computeIfAbsent(
                        Math.floorDiv(timestamp, sizeMillis) * sizeMillis,
                        k -> new ReferenceWordCount())
                .add(record);
    }

    /** Every (window, word) counted, as {@code "<window start> <word>"} to its count. */
    public Map<String, Long> counts() {
        Map<String, Long> all = new HashMap<>();
        windows.forEach(
                (start, counts) -> counts.counts().forEach((w, n) -> all.put(start + " " + w, n)));
        return all;
    }

    public int windows() {
        return windows.size();
    }

    /** A windowed table's items in the form of {@link #counts()}, by a consistent scan. */
    public static Map<String, Long> read(DynamoDbClient client, String table) {
        Map<String, Long> all = new HashMap<>();
        for (WindowCountItem.Window w : WindowCountTable.scanAll(client, table)) {
            all.put(w.start() + " " + w.word(), w.count());
        }
        return all;
    }
}
