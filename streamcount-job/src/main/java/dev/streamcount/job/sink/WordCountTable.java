package dev.streamcount.job.sink;

import dev.streamcount.job.aws.AwsEndpoints;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.error.StreamCountException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The word-count table ({@link WordCountItem}: {@code word} (S) as its only key, {@code count} (N)
 * as the total), for whoever manages or reads it: the job's start, and the {@code get}, {@code top}
 * and {@code table} commands.
 *
 * <p>An instance opened with {@link #open} owns its client and turns the SDK's failures into {@link
 * StreamCountException}s that name the table and the endpoint. The static methods take a client of
 * the caller's and leave failures as the SDK throws them.
 */
public final class WordCountTable implements AutoCloseable {

    static final String EXPECTED_SCHEMA = WordCountItem.KEY + " (HASH, S)";

    private final DynamoDbClient client;
    private final String name;
    private final String where;
    private final boolean aws;

    private WordCountTable(DynamoDbClient client, String name, String where, boolean aws) {
        this.client = client;
        this.name = name;
        this.where = where;
        this.aws = aws;
    }

    /** The table {@code name} at the endpoint {@code aws} describes, with a client of its own. */
    public static WordCountTable open(AwsSettings aws, String name) {
        return new WordCountTable(
                DynamoDbClients.sync(aws), name, aws.describe(), aws.endpoint() == null);
    }

    /** Thrown when a table exists with a key schema streamcount cannot write. */
    public static class SchemaMismatchException extends StreamCountException {
        public SchemaMismatchException(String message) {
            super(message);
        }
    }

    /** See {@link #ensure(DynamoDbClient, String)}. */
    public boolean ensure() {
        return call(() -> ensure(client, name));
    }

    /**
     * Turns TTL on for {@code attribute} of {@code table} if it is off.
     *
     * @param remedy what to do instead when TTL is on another attribute, e.g. "use another
     *     --window-table"
     * @throws SchemaMismatchException if TTL is on another attribute
     */
    public static void ensureTimeToLive(
            DynamoDbClient client, String table, String attribute, String remedy) {
        TimeToLiveDescription ttl =
                client.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
        TimeToLiveStatus status = ttl == null ? null : ttl.timeToLiveStatus();
        if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
            if (!attribute.equals(ttl.attributeName())) {
                throw new SchemaMismatchException(
                        "Table "
                                + table
                                + " has TTL on '"
                                + ttl.attributeName()
                                + "', expected '"
                                + attribute
                                + "': "
                                + remedy
                                + " or delete this one");
            }
        } else {
            client.updateTimeToLive(
                    b ->
                            b.tableName(table)
                                    .timeToLiveSpecification(
                                            s -> s.attributeName(attribute).enabled(true)));
        }
    }

    /** The stored total of {@code word}, or 0 if the table has no item for it. */
    public long get(String word) {
        return call(() -> get(client, name, word));
    }

    /** See {@link #scanAll(DynamoDbClient, String)}. */
    public Map<String, Long> scanAll() {
        return call(() -> scanAll(client, name));
    }

    /** The table's status, key, billing mode and size, as DynamoDB reports them. */
    public TableDescription describe() {
        return call(() -> client.describeTable(b -> b.tableName(name)).table());
    }

    public String name() {
        return name;
    }

    /**
     * Runs {@code request} with this table's client, its failures turned into one-line {@link
     * StreamCountException}s as every other call here: for readers of other tables at the same
     * endpoint (the per-window counts).
     */
    public <T> T request(java.util.function.Function<DynamoDbClient, T> request) {
        return call(() -> request.apply(client));
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (ResourceNotFoundException e) {
            throw new StreamCountException("Table " + name + " does not exist at " + where, e);
        } catch (SdkClientException e) {
            throw new StreamCountException(
                    "DynamoDB unreachable at "
                            + where
                            + ": "
                            + rootCause(e)
                            + (aws ? " (" + AwsEndpoints.LOCAL_HINT + ")" : ""),
                    e);
        }
    }

    /** The innermost cause, in one line: the SDK's own message is a paragraph. */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? "" : ": " + root.getMessage();
        return (root.getClass().getSimpleName() + m).lines().findFirst().orElse("");
    }

    /**
     * Makes sure {@code table} exists with the expected key, creating it (PAY_PER_REQUEST) and
     * waiting until it is ACTIVE if it is missing.
     *
     * @return true if the table was created by this call
     * @throws SchemaMismatchException if it exists with another key schema
     */
    public static boolean ensure(DynamoDbClient client, String table) {
        return ensure(client, createRequest(table), WordCountTable::verifySchema);
    }

    /**
     * Makes sure the table {@code create} describes exists, creating it and waiting until it is
     * ACTIVE if it is missing, and checks it with {@code verify}, which throws if it is not usable.
     *
     * @return true if the table was created by this call
     */
    public static boolean ensure(
            DynamoDbClient client,
            CreateTableRequest create,
            java.util.function.Consumer<TableDescription> verify) {
        String table = create.tableName();
        boolean created = false;
        try {
            verify.accept(client.describeTable(b -> b.tableName(table)).table());
        } catch (ResourceNotFoundException missing) {
            try {
                client.createTable(create);
                created = true;
            } catch (ResourceInUseException raced) {
                // Another process created it between describe and create: verify it below.
            }
        }
        DescribeTableResponse active =
                client.waiter()
                        .waitUntilTableExists(
                                b -> b.tableName(table), w -> w.waitTimeout(Duration.ofMinutes(5)))
                        .matched()
                        .response()
                        .orElseThrow(
                                () ->
                                        new StreamCountException(
                                                "Table " + table + " did not become ACTIVE"));
        verify.accept(active.table());
        return created;
    }

    /** Every word and its total, by a consistent scan of the whole table. */
    public static Map<String, Long> scanAll(DynamoDbClient client, String table) {
        Map<String, Long> counts = new HashMap<>();
        client.scanPaginator(b -> b.tableName(table).consistentRead(true))
                .items()
                .forEach(item -> counts.put(WordCountItem.word(item), WordCountItem.total(item)));
        return counts;
    }

    /** One word the table holds and its total, if it holds any (one {@code Scan} of one item). */
    public static Optional<Map.Entry<String, Long>> anyItem(DynamoDbClient client, String table) {
        ScanResponse r = client.scan(b -> b.tableName(table).limit(1));
        return r.items().stream()
                .findFirst()
                .map(item -> Map.entry(WordCountItem.word(item), WordCountItem.total(item)));
    }

    /** The stored total of {@code word}, or 0 if the table has no item for it. */
    public static long get(DynamoDbClient client, String table, String word) {
        GetItemResponse r =
                client.getItem(
                        b -> b.tableName(table).consistentRead(true).key(WordCountItem.key(word)));
        return r.hasItem() ? WordCountItem.total(r.item()) : 0;
    }

    static CreateTableRequest createRequest(String table) {
        return CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder()
                                .attributeName(WordCountItem.KEY)
                                .attributeType(ScalarAttributeType.S)
                                .build())
                .keySchema(
                        KeySchemaElement.builder()
                                .attributeName(WordCountItem.KEY)
                                .keyType(KeyType.HASH)
                                .build())
                .build();
    }

    static void verifySchema(TableDescription t) {
        verifyKeys(t, EXPECTED_SCHEMA, "--table");
    }

    /**
     * Refuses a table whose key schema is not {@code expected} (as {@link #describeKeys} prints
     * it), naming the flag that picks another table.
     *
     * @throws SchemaMismatchException naming the table, both schemas and the way out
     */
    public static void verifyKeys(TableDescription t, String expected, String flag) {
        String found = describeKeys(t);
        if (!expected.equals(found)) {
            throw new SchemaMismatchException(
                    "Table "
                            + t.tableName()
                            + " has key schema ["
                            + found
                            + "], expected ["
                            + expected
                            + "]: use another "
                            + flag
                            + " or delete this one");
        }
    }

    /** A table's key schema as the refusals print it: {@code word (HASH, S), ...}. */
    public static String describeKeys(TableDescription t) {
        return t.keySchema().stream()
                .map(
                        k ->
                                k.attributeName()
                                        + " ("
                                        + k.keyTypeAsString()
                                        + ", "
                                        + typeOf(t, k.attributeName())
                                        + ")")
                .collect(Collectors.joining(", "));
    }

    private static String typeOf(TableDescription t, String attribute) {
        return t.attributeDefinitions().stream()
                .filter(a -> a.attributeName().equals(attribute))
                .map(AttributeDefinition::attributeTypeAsString)
                .findFirst()
                .orElse("?");
    }
}
