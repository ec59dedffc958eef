package dev.streamcount.job.top;

import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.sink.WordCountTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The table of kept top lists, {@code <table>Top}: one item per list, keyed by {@code name} (S);
 * {@code name = "all-time"} holds the most frequent words of the totals as {@code words} (a list of
 * maps {@code {word S, count N}}, most frequent first), the {@code checkpoint} (N) whose totals it
 * reflects, {@code updated_at} (S, ISO-8601) and {@code top_size} (N, how many words it keeps: a
 * list shorter than that holds every word counted).
 *
 * <p>With windows on, {@code name = "window#<start>"} holds the same of one closed window (its
 * counts in that window), with {@code window_start} and {@code window_end} (N, epoch milliseconds)
 * and {@code expires_at} (N, epoch seconds, for the table's TTL, as in the windowed table); {@code
 * name = "window#latest"} holds a copy of the newest window's.
 */
public final class TopTable {

    public static final String SUFFIX = "Top";
    public static final String ALL_TIME = "all-time";
    public static final String LATEST_WINDOW = "window#latest";
    static final String WINDOW_PREFIX = "window#";
    static final String WINDOW_START = "window_start";
    static final String WINDOW_END = "window_end";
    static final String EXPIRES_AT = "expires_at";

    static final String NAME = "name";
    static final String WORDS = "words";
    static final String WORD = "word";
    static final String COUNT = "count";
    static final String CHECKPOINT = "checkpoint";
    static final String UPDATED_AT = "updated_at";
    static final String SIZE = "top_size";

    /** Written only over an older checkpoint's list: a late write never replaces a newer one. */
    static final String NEWER = "attribute_not_exists(#cp) OR #cp < :cp";

    private TopTable() {}

    /** The top table of the totals table {@code table}. */
    public static String of(String table) {
        return table + SUFFIX;
    }

    /** The name of the list of the window starting at {@code start}. */
    public static String window(long start) {
        return WINDOW_PREFIX + start;
    }

    /**
     * A kept list: the checkpoint it reflects, when it was written, the words; for a window's list
     * also the window's start (else -1).
     */
    public record Kept(
            long checkpoint, Instant updatedAt, int size, List<WordCount> words, long windowStart) {

        /**
         * Whether this list holds the top {@code n}: it keeps that many, or every word there is.
         */
        public boolean covers(int n) {
            return n <= size || words.size() < size;
        }
    }

    /**
     * Makes sure {@code table} exists keyed by {@code name} (S), creating it (PAY_PER_REQUEST).
     *
     * @return true if this call created it
     */
    public static boolean ensure(DynamoDbClient client, String table, boolean windows) {
        boolean created = ensure(client, table);
        if (windows) {
            WordCountTable.ensureTimeToLive(client, table, EXPIRES_AT, "use another --table");
        }
        return created;
    }

    private static boolean ensure(DynamoDbClient client, String table) {
        return WordCountTable.ensure(
                client,
                CreateTableRequest.builder()
                        .tableName(table)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                                AttributeDefinition.builder()
                                        .attributeName(NAME)
                                        .attributeType(ScalarAttributeType.S)
                                        .build())
                        .keySchema(
                                KeySchemaElement.builder()
                                        .attributeName(NAME)
                                        .keyType(KeyType.HASH)
                                        .build())
                        .build(),
                TopTable::verifySchema);
    }

    static void verifySchema(TableDescription t) {
        WordCountTable.verifyKeys(t, NAME + " (HASH, S)", "--table");
    }

    /**
     * Writes {@code words} as list {@code name} of {@code checkpoint}, with {@code extra}
     * attributes, unless the table holds the list of a checkpoint as new or newer.
     *
     * @return whether it was written
     */
    public static boolean put(
            DynamoDbClient client,
            String table,
            String name,
            long checkpoint,
            Instant at,
            int size,
            List<WordCount> words,
            Map<String, AttributeValue> extra) {
        List<AttributeValue> list = new ArrayList<>(words.size());
        for (WordCount w : words) {
            list.add(
                    AttributeValue.fromM(
                            Map.of(
                                    WORD, AttributeValue.fromS(w.word),
                                    COUNT, AttributeValue.fromN(Long.toString(w.count)))));
        }
        Map<String, AttributeValue> item = new HashMap<>(extra);
        item.put(NAME, AttributeValue.fromS(name));
        item.put(WORDS, AttributeValue.fromL(list));
        item.put(CHECKPOINT, AttributeValue.fromN(Long.toString(checkpoint)));
        item.put(UPDATED_AT, AttributeValue.fromS(at.toString()));
        item.put(SIZE, AttributeValue.fromN(Integer.toString(size)));
        try {
            client.putItem(
                    b ->
                            b.tableName(table)
                                    .item(item)
                                    .conditionExpression(NEWER)
                                    .expressionAttributeNames(Map.of("#cp", CHECKPOINT))
                                    .expressionAttributeValues(
                                            Map.of(
                                                    ":cp",
                                                    AttributeValue.fromN(
                                                            Long.toString(checkpoint)))));
            return true;
        } catch (ConditionalCheckFailedException newer) {
            return false;
        }
    }

    /** List {@code name}, if the table holds it (one consistent {@code GetItem}). */
    public static Optional<Kept> get(DynamoDbClient client, String table, String name) {
        GetItemResponse r =
                client.getItem(
                        b ->
                                b.tableName(table)
                                        .consistentRead(true)
                                        .key(Map.of(NAME, AttributeValue.fromS(name))));
        if (!r.hasItem()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = r.item();
        List<WordCount> words = new ArrayList<>();
        for (AttributeValue v : item.get(WORDS).l()) {
            words.add(new WordCount(v.m().get(WORD).s(), Long.parseLong(v.m().get(COUNT).n())));
        }
        return Optional.of(
                new Kept(
                        Long.parseLong(item.get(CHECKPOINT).n()),
                        Instant.parse(item.get(UPDATED_AT).s()),
                        Integer.parseInt(item.get(SIZE).n()),
                        words,
                        item.containsKey(WINDOW_START)
                                ? Long.parseLong(item.get(WINDOW_START).n())
                                : -1));
    }
}
