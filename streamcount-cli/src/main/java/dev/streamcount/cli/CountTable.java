package dev.streamcount.cli;

import dev.streamcount.job.WordCountTable;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/** Reads counts back from a word-count table. */
final class CountTable {
    private CountTable() {}

    /** Every word and its count, by a consistent scan of the whole table. */
    static Map<String, Long> scanAll(DynamoDbClient client, String table) {
        Map<String, Long> counts = new HashMap<>();
        client.scanPaginator(b -> b.tableName(table).consistentRead(true))
                .items()
                .forEach(
                        item ->
                                counts.put(
                                        item.get(WordCountTable.KEY).s(),
                                        Long.parseLong(item.get(WordCountTable.COUNT).n())));
        return counts;
    }

    /** The stored count of {@code word}, or 0 if the table has no item for it. */
    static long get(DynamoDbClient client, String table, String word) {
        GetItemResponse r =
                client.getItem(
                        b ->
                                b.tableName(table)
                                        .consistentRead(true)
                                        .key(
                                                Map.of(
                                                        WordCountTable.KEY,
                                                        AttributeValue.fromS(word))));
        return r.hasItem() ? Long.parseLong(r.item().get(WordCountTable.COUNT).n()) : 0;
    }
}
