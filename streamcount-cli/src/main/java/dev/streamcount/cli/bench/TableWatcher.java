package dev.streamcount.cli.bench;

import dev.streamcount.job.sink.WordCountItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Watches a table until chosen words reach chosen counts, reading only the words that have not yet
 * (consistent {@code BatchGetItem}, 100 keys a request), so watching a large table stays cheap. A
 * word that reached its count is not read again: counts in a streamcount table never decrease.
 */
final class TableWatcher {
    private static final int MAX_KEYS = 100;

    private final DynamoDbClient client;
    private final String table;

    TableWatcher(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    /**
     * Reads until every word in {@code expected} has its count or {@code deadlineNanos} passes,
     * starting once {@code worthReading} says the table can be complete: reads of a large table
     * compete with the writes they wait for (a store on disk may serialize both), so reading before
     * then only slows what is measured.
     *
     * @return the words that did not reach their count (empty on success)
     */
    Set<String> awaitCounts(
            Map<String, Long> expected, long deadlineNanos, BooleanSupplier worthReading)
            throws InterruptedException {
        Set<String> pending = new HashSet<>(expected.keySet());
        while (!worthReading.getAsBoolean() && System.nanoTime() < deadlineNanos) {
            Thread.sleep(5);
        }
        while (true) {
            for (Map.Entry<String, Long> e : read(pending).entrySet()) {
                if (e.getValue().equals(expected.get(e.getKey()))) {
                    pending.remove(e.getKey());
                }
            }
            if (pending.isEmpty() || System.nanoTime() > deadlineNanos) {
                return pending;
            }
            Thread.sleep(20); // poll interval; the loop checks the table
        }
    }

    /** The counts the table holds for {@code words}; words without an item are left out. */
    Map<String, Long> read(Set<String> words) {
        Map<String, Long> counts = new HashMap<>();
        List<Map<String, AttributeValue>> keys = new ArrayList<>(MAX_KEYS);
        for (String w : words) {
            keys.add(Map.of(WordCountItem.KEY, AttributeValue.fromS(w)));
            if (keys.size() == MAX_KEYS) {
                get(keys, counts);
                keys = new ArrayList<>(MAX_KEYS);
            }
        }
        if (!keys.isEmpty()) {
            get(keys, counts);
        }
        return counts;
    }

    private void get(List<Map<String, AttributeValue>> keys, Map<String, Long> counts) {
        Map<String, KeysAndAttributes> request =
                Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        // DynamoDB may return some keys as unprocessed (size limits, throttling): ask again for
        // those.
        while (request != null && !request.isEmpty()) {
            Map<String, KeysAndAttributes> current = request;
            BatchGetItemResponse r = client.batchGetItem(b -> b.requestItems(current));
            for (Map<String, AttributeValue> item : r.responses().getOrDefault(table, List.of())) {
                counts.put(
                        item.get(WordCountItem.KEY).s(),
                        Long.parseLong(item.get(WordCountItem.COUNT).n()));
            }
            request = r.hasUnprocessedKeys() ? r.unprocessedKeys() : null;
        }
    }
}
