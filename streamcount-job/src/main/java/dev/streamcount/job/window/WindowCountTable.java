package dev.streamcount.job.window;

import dev.streamcount.job.sink.WordCountTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The table of per-window counts ({@link WindowCountItem}): partition key {@code word} (S), sort
 * key {@code window_start} (N), TTL on {@code expires_at}. One word's history is one {@code Query}.
 */
public final class WindowCountTable {

    static final String EXPECTED_SCHEMA =
            WindowCountItem.WORD + " (HASH, S), " + WindowCountItem.WINDOW_START + " (RANGE, N)";

    private WindowCountTable() {}

    /**
     * Makes sure {@code table} exists with the expected key and TTL on {@code expires_at}: creates
     * it (PAY_PER_REQUEST) if missing, turns TTL on if it is off.
     *
     * @return true if the table was created by this call
     * @throws WordCountTable.SchemaMismatchException if it exists with another key schema, or with
     *     TTL on another attribute
     */
    public static boolean ensure(DynamoDbClient client, String table) {
        boolean created =
                WordCountTable.ensure(client, createRequest(table), WindowCountTable::verifySchema);
        WordCountTable.ensureTimeToLive(
                client, table, WindowCountItem.EXPIRES_AT, "use another --window-table");
        return created;
    }

    /** {@code word}'s windows starting at or after {@code fromMillis}, oldest first. */
    public static List<WindowCountItem.Window> history(
            DynamoDbClient client, String table, String word, long fromMillis) {
        List<WindowCountItem.Window> windows = new ArrayList<>();
        client.queryPaginator(
                        b ->
                                b.tableName(table)
                                        .consistentRead(true)
                                        .keyConditionExpression("#w = :w AND #s >= :from")
                                        .expressionAttributeNames(
                                                Map.of(
                                                        "#w", WindowCountItem.WORD,
                                                        "#s", WindowCountItem.WINDOW_START))
                                        .expressionAttributeValues(
                                                Map.of(
                                                        ":w", AttributeValue.fromS(word),
                                                        ":from",
                                                                AttributeValue.fromN(
                                                                        Long.toString(
                                                                                fromMillis)))))
                .items()
                .forEach(item -> windows.add(WindowCountItem.Window.of(item)));
        return windows;
    }

    /** Every window of every word, by a consistent scan of the whole table. */
    public static List<WindowCountItem.Window> scanAll(DynamoDbClient client, String table) {
        List<WindowCountItem.Window> windows = new ArrayList<>();
        client.scanPaginator(b -> b.tableName(table).consistentRead(true))
                .items()
                .forEach(item -> windows.add(WindowCountItem.Window.of(item)));
        return windows;
    }

    /** The words of the window starting at {@code start} and their counts (a filtered scan). */
    public static Map<String, Long> window(DynamoDbClient client, String table, long start) {
        Map<String, Long> counts = new HashMap<>();
        client.scanPaginator(
                        b ->
                                b.tableName(table)
                                        .consistentRead(true)
                                        .filterExpression("#s = :s")
                                        .expressionAttributeNames(
                                                Map.of("#s", WindowCountItem.WINDOW_START))
                                        .expressionAttributeValues(
                                                Map.of(
                                                        ":s",
                                                        AttributeValue.fromN(
                                                                Long.toString(start)))))
                .items()
                .forEach(
                        item ->
                                counts.put(
                                        item.get(WindowCountItem.WORD).s(),
                                        Long.parseLong(item.get(WindowCountItem.COUNT).n())));
        return counts;
    }

    /**
     * The start of the newest window that ended at or before {@code nowMillis}, if the table holds
     * any (a scan of the two time attributes).
     */
    public static OptionalLong latestEndedWindow(
            DynamoDbClient client, String table, long nowMillis) {
        long[] latest = {Long.MIN_VALUE};
        client.scanPaginator(
                        b ->
                                b.tableName(table)
                                        .projectionExpression("#s, #e")
                                        .expressionAttributeNames(
                                                Map.of(
                                                        "#s", WindowCountItem.WINDOW_START,
                                                        "#e", WindowCountItem.WINDOW_END)))
                .items()
                .forEach(
                        item -> {
                            long start = Long.parseLong(item.get(WindowCountItem.WINDOW_START).n());
                            long end = Long.parseLong(item.get(WindowCountItem.WINDOW_END).n());
                            if (end <= nowMillis && start > latest[0]) {
                                latest[0] = start;
                            }
                        });
        return latest[0] == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(latest[0]);
    }

    static CreateTableRequest createRequest(String table) {
        return CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder()
                                .attributeName(WindowCountItem.WORD)
                                .attributeType(ScalarAttributeType.S)
                                .build(),
                        AttributeDefinition.builder()
                                .attributeName(WindowCountItem.WINDOW_START)
                                .attributeType(ScalarAttributeType.N)
                                .build())
                .keySchema(
                        KeySchemaElement.builder()
                                .attributeName(WindowCountItem.WORD)
                                .keyType(KeyType.HASH)
                                .build(),
                        KeySchemaElement.builder()
                                .attributeName(WindowCountItem.WINDOW_START)
                                .keyType(KeyType.RANGE)
                                .build())
                .build();
    }

    static void verifySchema(TableDescription t) {
        WordCountTable.verifyKeys(t, EXPECTED_SCHEMA, "--window-table");
    }
}
