package dev.streamcount.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Every operation of the store through the real AWS SDK v2 client, as an application uses it.
 * Expected values come from DynamoDB's documentation, worked out by hand in the comments.
 */
class StoreSdkITCase {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static MutableClock clock;
    private static StoreServer server;
    private static DynamoDbClient client;

    @BeforeAll
    static void startStore() {
        clock = new MutableClock(START);
        server = StoreServer.start(0, clock);
        client = SdkClients.client(server.endpoint());
    }

    @AfterAll
    static void stopStore() {
        client.close();
        server.close();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static Map<String, AttributeValue> item(Object... pairs) {
        Map<String, AttributeValue> item = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            item.put((String) pairs[i], (AttributeValue) pairs[i + 1]);
        }
        return item;
    }

    // ---- tables ----

    @Test
    void createsDescribesListsAndDeletesTables() {
        CreateTableResponse created =
                client.createTable(
                        b ->
                                b.tableName("orders-provisioned")
                                        .attributeDefinitions(
                                                AttributeDefinition.builder()
                                                        .attributeName("pk")
                                                        .attributeType(ScalarAttributeType.B)
                                                        .build(),
                                                AttributeDefinition.builder()
                                                        .attributeName("sk")
                                                        .attributeType(ScalarAttributeType.N)
                                                        .build())
                                        .keySchema(
                                                Tables.key("pk", KeyType.HASH),
                                                Tables.key("sk", KeyType.RANGE))
                                        .provisionedThroughput(
                                                p ->
                                                        p.readCapacityUnits(5L)
                                                                .writeCapacityUnits(7L)));
        TableDescription description = created.tableDescription();
        // DynamoDB answers CreateTable with CREATING; the store's table is ACTIVE at once.
        assertThat(description.tableStatus()).isEqualTo(TableStatus.CREATING);
        assertThat(description.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
        assertThat(description.provisionedThroughput().writeCapacityUnits()).isEqualTo(7L);
        assertThat(description.keySchema())
                .containsExactly(Tables.key("pk", KeyType.HASH), Tables.key("sk", KeyType.RANGE));

        TableDescription described =
                client.describeTable(b -> b.tableName("orders-provisioned")).table();
        assertThat(described.tableName()).isEqualTo("orders-provisioned");
        assertThat(described.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(described.itemCount()).isZero();
        assertThat(described.tableArn()).endsWith(":table/orders-provisioned");

        String onDemand = Tables.hashOnly(client, "id", ScalarAttributeType.S);
        assertThat(
                        client.describeTable(b -> b.tableName(onDemand))
                                .table()
                                .billingModeSummary()
                                .billingMode())
                .isEqualTo(BillingMode.PAY_PER_REQUEST);

        assertThatThrownBy(
                        () ->
                                client.createTable(
                                        b ->
                                                b.tableName(onDemand)
                                                        .billingMode(BillingMode.PAY_PER_REQUEST)
                                                        .attributeDefinitions(
                                                                AttributeDefinition.builder()
                                                                        .attributeName("id")
                                                                        .attributeType(
                                                                                ScalarAttributeType
                                                                                        .S)
                                                                        .build())
                                                        .keySchema(Tables.key("id", KeyType.HASH))))
                .isInstanceOf(ResourceInUseException.class);

        client.deleteTable(b -> b.tableName("orders-provisioned"));
        assertThatThrownBy(() -> client.describeTable(b -> b.tableName("orders-provisioned")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining(
                        "Requested resource not found: Table: orders-provisioned not found");
        assertThatThrownBy(
                        () ->
                                client.getItem(
                                        b ->
                                                b.tableName("orders-provisioned")
                                                        .key(item("pk", s("x")))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void listsTablesInPages() {
        try (StoreServer own = StoreServer.start(0);
                DynamoDbClient ownClient = SdkClients.client(own.endpoint())) {
            for (String name : List.of("gamma", "alpha", "beta")) {
                ownClient.createTable(
                        b ->
                                b.tableName(name)
                                        .billingMode(BillingMode.PAY_PER_REQUEST)
                                        .attributeDefinitions(
                                                AttributeDefinition.builder()
                                                        .attributeName("id")
                                                        .attributeType(ScalarAttributeType.S)
                                                        .build())
                                        .keySchema(Tables.key("id", KeyType.HASH)));
            }
            ListTablesResponse first = ownClient.listTables(b -> b.limit(2));
            assertThat(first.tableNames()).containsExactly("alpha", "beta");
            assertThat(first.lastEvaluatedTableName()).isEqualTo("beta");
            ListTablesResponse second =
                    ownClient.listTables(b -> b.limit(2).exclusiveStartTableName("beta"));
            assertThat(second.tableNames()).containsExactly("gamma");
            assertThat(second.lastEvaluatedTableName()).isNull();
        }
    }

    // ---- items ----

    @Test
    void putAndGetRoundTripEveryTypeWithNormalisedNumbers() {
        String table = Tables.hashOnly(client, "id", ScalarAttributeType.S);
        Map<String, AttributeValue> written =
                item(
                        "id", s("all-types"),
                        "s", s("text"),
                        "n", n("01.50"),
                        "big", n("1e2"),
                        "b",
                                AttributeValue.fromB(
                                        SdkBytes.fromByteArray(new byte[] {0, (byte) 0xff})),
                        "bool", AttributeValue.fromBool(true),
                        "nul", AttributeValue.fromNul(true),
                        "m", AttributeValue.fromM(item("deep", s("x"), "num", n("-0.000"))),
                        "l", AttributeValue.fromL(List.of(s("a"), n("2"))),
                        "ss", AttributeValue.fromSs(List.of("p", "q")),
                        "ns", AttributeValue.fromNs(List.of("3", "4.0")),
                        "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("z"))));
        client.putItem(b -> b.tableName(table).item(written));

        Map<String, AttributeValue> read =
                client.getItem(
                                b ->
                                        b.tableName(table)
                                                .key(item("id", s("all-types")))
                                                .consistentRead(true))
                        .item();
        // DynamoDB returns numbers in canonical form: "01.50" -> "1.5", "1e2" -> "100",
        // "-0.000" -> "0", "4.0" -> "4".
        assertThat(read.get("n").n()).isEqualTo("1.5");
        assertThat(read.get("big").n()).isEqualTo("100");
        assertThat(read.get("m").m().get("num").n()).isEqualTo("0");
        assertThat(read.get("ns").ns()).containsExactlyInAnyOrder("3", "4");
        assertThat(read.get("s")).isEqualTo(s("text"));
        assertThat(read.get("b").b().asByteArray()).containsExactly(0, 0xff);
        assertThat(read.get("bool").bool()).isTrue();
        assertThat(read.get("nul").nul()).isTrue();
        assertThat(read.get("l").l()).containsExactly(s("a"), n("2"));
        assertThat(read.get("ss").ss()).containsExactlyInAnyOrder("p", "q");
        assertThat(read.get("bs").bs()).containsExactly(SdkBytes.fromUtf8String("z"));
        assertThat(read.keySet())
                .containsExactlyInAnyOrder(
                        "id", "s", "n", "big", "b", "bool", "nul", "m", "l", "ss", "ns", "bs");

        Map<String, AttributeValue> projected =
                client.getItem(
                                b ->
                                        b.tableName(table)
                                                .key(item("id", s("all-types")))
                                                .projectionExpression("#m.deep, l[1], s")
                                                .expressionAttributeNames(Map.of("#m", "m")))
                        .item();
        assertThat(projected)
                .isEqualTo(
                        item(
                                "m", AttributeValue.fromM(item("deep", s("x"))),
                                "l", AttributeValue.fromL(List.of(n("2"))),
                                "s", s("text")));

        Map<String, AttributeValue> deleted =
                client.deleteItem(
                                b ->
                                        b.tableName(table)
                                                .key(item("id", s("all-types")))
                                                .returnValues(ReturnValue.ALL_OLD))
                        .attributes();
        assertThat(deleted.get("s")).isEqualTo(s("text"));
        assertThat(
                        client.getItem(b -> b.tableName(table).key(item("id", s("all-types"))))
                                .hasItem())
                .isFalse();
    }

    @Test
    void fencedConditionalPutAcceptsNewerAndRefusesOlder() {
        String table = Tables.hashOnly(client, "word", ScalarAttributeType.S);
        String fence = "attribute_not_exists(#c) OR #c <= :n";
        putCount(table, fence, "7");
        putCount(table, fence, "9");
        ConditionalCheckFailedException refused =
                catchThrowableOfType(
                        () ->
                                client.putItem(
                                        b ->
                                                b.tableName(table)
                                                        .item(
                                                                item(
                                                                        "word", s("kan"), "count",
                                                                        n("8")))
                                                        .conditionExpression(fence)
                                                        .expressionAttributeNames(
                                                                Map.of("#c", "count"))
                                                        .expressionAttributeValues(
                                                                Map.of(":n", n("8")))
                                                        .returnValuesOnConditionCheckFailure(
                                                                ReturnValuesOnConditionCheckFailure
                                                                        .ALL_OLD)),
                        ConditionalCheckFailedException.class);
        assertThat(refused.awsErrorDetails().errorMessage())
                .isEqualTo("The conditional request failed");
        assertThat(refused.item()).containsEntry("count", n("9"));
        assertThat(client.getItem(b -> b.tableName(table).key(item("word", s("kan")))).item())
                .containsEntry("count", n("9"));
    }

    private static void putCount(String table, String fence, String count) {
        client.putItem(
                b ->
                        b.tableName(table)
                                .item(item("word", s("kan"), "count", n(count)))
                                .conditionExpression(fence)
                                .expressionAttributeNames(Map.of("#c", "count"))
                                .expressionAttributeValues(Map.of(":n", n(count))));
    }

    @Test
    void updateExpressionsAndReturnValues() {
        String table = Tables.hashOnly(client, "id", ScalarAttributeType.S);
        Map<String, AttributeValue> key = item("id", s("u"));

        // On a missing item: the item is created from the key; if_not_exists takes the fallback.
        Map<String, AttributeValue> created =
                client.updateItem(
                                b ->
                                        b.tableName(table)
                                                .key(key)
                                                .updateExpression(
                                                        "SET amount = if_not_exists(amount, :zero)"
                                                            + " + :five, tags = :tags, hist ="
                                                            + " list_append(:empty, :l) ADD visits"
                                                            + " :one, colours :red")
                                                .expressionAttributeValues(
                                                        Map.of(
                                                                ":zero", n("0"),
                                                                ":five", n("5"),
                                                                ":one", n("1"),
                                                                ":tags",
                                                                        AttributeValue.fromSs(
                                                                                List.of(
                                                                                        "a", "b",
                                                                                        "c")),
                                                                ":empty",
                                                                        AttributeValue.fromL(
                                                                                List.of()),
                                                                ":l",
                                                                        AttributeValue.fromL(
                                                                                List.of(n("1"))),
                                                                ":red",
                                                                        AttributeValue.fromSs(
                                                                                List.of("red"))))
                                                .returnValues(ReturnValue.ALL_NEW))
                        .attributes();
        assertThat(created)
                .isEqualTo(
                        item(
                                "id", s("u"),
                                "amount", n("5"),
                                "tags", AttributeValue.fromSs(List.of("a", "b", "c")),
                                "hist", AttributeValue.fromL(List.of(n("1"))),
                                "visits", n("1"),
                                "colours", AttributeValue.fromSs(List.of("red"))));

        // 5 - 2 = 3; list_append(hist, [2]) = [1, 2]; DELETE b from {a,b,c} = {a,c}; REMOVE visits.
        Map<String, AttributeValue> updatedOld =
                client.updateItem(
                                b ->
                                        b.tableName(table)
                                                .key(key)
                                                .updateExpression(
                                                        "SET amount = amount - :two, hist ="
                                                                + " list_append(hist, :l2) REMOVE"
                                                                + " visits DELETE tags :b")
                                                .expressionAttributeValues(
                                                        Map.of(
                                                                ":two", n("2"),
                                                                ":l2",
                                                                        AttributeValue.fromL(
                                                                                List.of(n("2"))),
                                                                ":b",
                                                                        AttributeValue.fromSs(
                                                                                List.of("b"))))
                                                .returnValues(ReturnValue.UPDATED_OLD))
                        .attributes();
        assertThat(updatedOld)
                .isEqualTo(
                        item(
                                "amount", n("5"),
                                "hist", AttributeValue.fromL(List.of(n("1"))),
                                "visits", n("1"),
                                "tags", AttributeValue.fromSs(List.of("a", "b", "c"))));

        Map<String, AttributeValue> updatedNew =
                client.updateItem(
                                b ->
                                        b.tableName(table)
                                                .key(key)
                                                .updateExpression("ADD amount :ten")
                                                .expressionAttributeValues(Map.of(":ten", n("10")))
                                                .returnValues(ReturnValue.UPDATED_NEW))
                        .attributes();
        assertThat(updatedNew).isEqualTo(item("amount", n("13")));

        Map<String, AttributeValue> now = client.getItem(b -> b.tableName(table).key(key)).item();
        assertThat(now.get("hist").l()).containsExactly(n("1"), n("2"));
        assertThat(now.get("tags").ss()).containsExactlyInAnyOrder("a", "c");
        assertThat(now).doesNotContainKey("visits");

        Map<String, AttributeValue> allOld =
                client.updateItem(
                                b ->
                                        b.tableName(table)
                                                .key(key)
                                                .updateExpression("SET amount = :one")
                                                .expressionAttributeValues(Map.of(":one", n("1")))
                                                .returnValues(ReturnValue.ALL_OLD))
                        .attributes();
        assertThat(allOld).containsEntry("amount", n("13")).containsKey("hist");

        assertThatThrownBy(
                        () ->
                                client.updateItem(
                                        b ->
                                                b.tableName(table)
                                                        .key(key)
                                                        .updateExpression("SET id = :x")
                                                        .expressionAttributeValues(
                                                                Map.of(":x", s("y")))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining(
                        "One or more parameter values were invalid: Cannot update attribute id."
                                + " This attribute is part of the key");

        assertThatThrownBy(
                        () ->
                                client.updateItem(
                                        b ->
                                                b.tableName(table)
                                                        .key(key)
                                                        .updateExpression(
                                                                "SET amount = amount + :s")
                                                        .expressionAttributeValues(
                                                                Map.of(":s", s("x")))))
                .hasMessageContaining(
                        "Invalid UpdateExpression: Incorrect operand type for operator or function;"
                                + " operator or function: +, operand type: S");

        assertThatThrownBy(
                        () ->
                                client.updateItem(
                                        b ->
                                                b.tableName(table)
                                                        .key(key)
                                                        .updateExpression(
                                                                "SET amount = absent + :one")
                                                        .expressionAttributeValues(
                                                                Map.of(":one", n("1")))))
                .hasMessageContaining(
                        "The provided expression refers to an attribute that does not exist in the"
                                + " item");
    }

    @Test
    void validationMessagesMatchDynamoDb() {
        String table = Tables.hashOnly(client, "id", ScalarAttributeType.S);
        assertThatThrownBy(
                        () ->
                                client.putItem(
                                        b ->
                                                b.tableName(table)
                                                        .item(item("id", s("a"), "x", n("1")))
                                                        .conditionExpression(
                                                                "attribute_not_exists(id)")
                                                        .expressionAttributeValues(
                                                                Map.of(":unused", n("1")))))
                .hasMessageContaining(
                        "Value provided in ExpressionAttributeValues unused in expressions: keys:"
                                + " {:unused}");
        assertThatThrownBy(
                        () ->
                                client.putItem(
                                        b ->
                                                b.tableName(table)
                                                        .item(item("id", s("a")))
                                                        .conditionExpression("x = :missing")
                                                        .expressionAttributeValues(
                                                                Map.of(":other", n("1")))))
                .hasMessageContaining(
                        "Invalid ConditionExpression: An expression attribute value used in"
                                + " expression is not defined; attribute value: :missing");
        assertThatThrownBy(
                        () ->
                                client.putItem(
                                        b ->
                                                b.tableName(table)
                                                        .item(item("id", s("a")))
                                                        .conditionExpression(
                                                                "attribute_exists(#nope)")
                                                        .expressionAttributeNames(
                                                                Map.of("#other", "x"))))
                .hasMessageContaining(
                        "Invalid ConditionExpression: An expression attribute name used in the"
                                + " document path is not defined; attribute name: #nope");
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(item("id", n("1")))))
                .hasMessageContaining(
                        "One or more parameter values were invalid: Type mismatch for key id"
                                + " expected: S actual: N");
        assertThatThrownBy(
                        () -> client.putItem(b -> b.tableName(table).item(item("other", s("1")))))
                .hasMessageContaining(
                        "One or more parameter values were invalid: Missing the key id in the"
                                + " item");
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(item("id", s("")))))
                .hasMessageContaining(
                        "One or more parameter values are not valid. The AttributeValue for a key"
                                + " attribute cannot contain an empty string value. Key: id");
        assertThatThrownBy(() -> client.getItem(b -> b.tableName(table).key(item("id", n("1")))))
                .hasMessageContaining("The provided key element does not match the schema");
        assertThatThrownBy(
                        () ->
                                client.putItem(
                                        b ->
                                                b.tableName(table)
                                                        .item(item("id", s("a"), "n", n("1e126")))))
                .hasMessageContaining(
                        "Number overflow. Attempting to store a number with magnitude larger than"
                                + " supported range");
        assertThatThrownBy(
                        () ->
                                client.putItem(
                                        b ->
                                                b.tableName(table)
                                                        .item(item("id", s("a"), "n", n("12abc")))))
                .hasMessageContaining(
                        "The parameter cannot be converted to a numeric value: 12abc");
        // 400 KB = 409,600 bytes: name "id" (2) + "a" (1) + name "big" (3) + 409,595 bytes is one
        // byte over.
        String big = "x".repeat(409_595);
        assertThatThrownBy(
                        () ->
                                client.putItem(
                                        b ->
                                                b.tableName(table)
                                                        .item(item("id", s("a"), "big", s(big)))))
                .hasMessageContaining("Item size has exceeded the maximum allowed size");
        String fits = "x".repeat(409_594);
        client.putItem(b -> b.tableName(table).item(item("id", s("a"), "big", s(fits))));
        assertThatThrownBy(
                        () ->
                                client.putItem(
                                        b ->
                                                b.tableName(table)
                                                        .item(item("id", s("a")))
                                                        .conditionExpression("status = :s")
                                                        .expressionAttributeValues(
                                                                Map.of(":s", s("x")))))
                .hasMessageContaining(
                        "Invalid ConditionExpression: Attribute name is a reserved keyword;"
                                + " reserved keyword: status");
    }

    @Test
    void concurrentConditionalUpdatesLoseNothing() throws Exception {
        String table = Tables.hashOnly(client, "id", ScalarAttributeType.S);
        int threads = 8;
        int perThread = 50;
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(
                        pool.submit(
                                () -> {
                                    for (int i = 0; i < perThread; i++) {
                                        // Read-check-write through a condition: a lost update
                                        // would surface as a count below threads * perThread.
                                        incrementWithFence(table);
                                    }
                                    return null;
                                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(client.getItem(b -> b.tableName(table).key(item("id", s("c")))).item())
                .containsEntry("n", n(Integer.toString(threads * perThread)));
    }

    private static void incrementWithFence(String table) {
        while (true) {
            Map<String, AttributeValue> current =
                    client.getItem(
                                    b ->
                                            b.tableName(table)
                                                    .key(item("id", s("c")))
                                                    .consistentRead(true))
                            .item();
            String seen = current == null || current.isEmpty() ? null : current.get("n").n();
            try {
                if (seen == null) {
                    client.putItem(
                            b ->
                                    b.tableName(table)
                                            .item(item("id", s("c"), "n", n("1")))
                                            .conditionExpression("attribute_not_exists(id)"));
                } else {
                    client.putItem(
                            b ->
                                    b.tableName(table)
                                            .item(
                                                    item(
                                                            "id",
                                                            s("c"),
                                                            "n",
                                                            n(
                                                                    Long.toString(
                                                                            Long.parseLong(seen)
                                                                                    + 1))))
                                            .conditionExpression("n = :seen")
                                            .expressionAttributeValues(Map.of(":seen", n(seen))));
                }
                return;
            } catch (ConditionalCheckFailedException raced) {
                // Another thread wrote first: read again and retry.
            }
        }
    }

    // ---- batches ----

    @Test
    void batchWriteWithDuplicateKeysFailsWithDynamoDbsMessageAndWritesNothing() {
        String table = Tables.hashOnly(client, "word", ScalarAttributeType.S);
        List<WriteRequest> requests =
                List.of(
                        put(item("word", s("the"), "count", n("1"))),
                        put(item("word", s("cat"), "count", n("1"))),
                        put(item("word", s("the"), "count", n("2"))));
        assertThatThrownBy(
                        () -> client.batchWriteItem(b -> b.requestItems(Map.of(table, requests))))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(
                        e ->
                                assertThat(((DynamoDbException) e).awsErrorDetails().errorMessage())
                                        .isEqualTo(
                                                "Provided list of item keys contains duplicates"));
        assertThat(client.scan(b -> b.tableName(table)).count()).isZero();
    }

    @Test
    void batchWriteAndBatchGetProcessEverything() {
        String table = Tables.hashOnly(client, "id", ScalarAttributeType.N);
        List<WriteRequest> puts =
                IntStream.range(0, 25)
                        .mapToObj(i -> put(item("id", n(Integer.toString(i)), "v", s("v" + i))))
                        .collect(Collectors.toList());
        BatchWriteItemResponse written =
                client.batchWriteItem(b -> b.requestItems(Map.of(table, puts)));
        assertThat(written.unprocessedItems()).isEmpty();
        assertThat(client.scan(b -> b.tableName(table)).count()).isEqualTo(25);

        List<WriteRequest> tooMany = new ArrayList<>(puts);
        tooMany.add(put(item("id", n("99"))));
        assertThatThrownBy(() -> client.batchWriteItem(b -> b.requestItems(Map.of(table, tooMany))))
                .isInstanceOf(DynamoDbException.class);

        client.batchWriteItem(
                b ->
                        b.requestItems(
                                Map.of(
                                        table,
                                        List.of(
                                                WriteRequest.builder()
                                                        .deleteRequest(
                                                                DeleteRequest.builder()
                                                                        .key(item("id", n("0")))
                                                                        .build())
                                                        .build()))));
        BatchGetItemResponse read =
                client.batchGetItem(
                        b ->
                                b.requestItems(
                                        Map.of(
                                                table,
                                                KeysAndAttributes.builder()
                                                        .keys(
                                                                item("id", n("0")),
                                                                item("id", n("1")),
                                                                item("id", n("2")))
                                                        .projectionExpression("v")
                                                        .build())));
        assertThat(read.unprocessedKeys()).isEmpty();
        assertThat(read.responses().get(table))
                .containsExactlyInAnyOrder(item("v", s("v1")), item("v", s("v2")));
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    // ---- transactions ----

    @Test
    void transactionWithOneFailingConditionWritesNothingAndReportsReasons() {
        String table = Tables.hashOnly(client, "id", ScalarAttributeType.S);
        client.putItem(b -> b.tableName(table).item(item("id", s("held"), "owner", s("x"))));

        TransactionCanceledException cancelled =
                catchThrowableOfType(
                        () ->
                                client.transactWriteItems(
                                        b ->
                                                b.transactItems(
                                                        TransactWriteItem.builder()
                                                                .put(
                                                                        p ->
                                                                                p.tableName(table)
                                                                                        .item(
                                                                                                item(
                                                                                                        "id",
                                                                                                        s(
                                                                                                                "new"))))
                                                                .build(),
                                                        TransactWriteItem.builder()
                                                                .conditionCheck(
                                                                        c ->
                                                                                c.tableName(table)
                                                                                        .key(
                                                                                                item(
                                                                                                        "id",
                                                                                                        s(
                                                                                                                "held")))
                                                                                        .conditionExpression(
                                                                                                "attribute_not_exists(id)")
                                                                                        .returnValuesOnConditionCheckFailure(
                                                                                                ReturnValuesOnConditionCheckFailure
                                                                                                        .ALL_OLD))
                                                                .build())),
                        TransactionCanceledException.class);
        assertThat(cancelled.awsErrorDetails().errorMessage())
                .isEqualTo(
                        "Transaction cancelled, please refer cancellation reasons for specific"
                                + " reasons [None, ConditionalCheckFailed]");
        List<CancellationReason> reasons = cancelled.cancellationReasons();
        assertThat(reasons).hasSize(2);
        assertThat(reasons.get(0).code()).isEqualTo("None");
        assertThat(reasons.get(1).code()).isEqualTo("ConditionalCheckFailed");
        assertThat(reasons.get(1).message()).isEqualTo("The conditional request failed");
        assertThat(reasons.get(1).item()).isEqualTo(item("id", s("held"), "owner", s("x")));
        assertThat(client.getItem(b -> b.tableName(table).key(item("id", s("new")))).hasItem())
                .as("the put of a cancelled transaction must not be visible")
                .isFalse();

        client.transactWriteItems(
                b ->
                        b.transactItems(
                                TransactWriteItem.builder()
                                        .put(p -> p.tableName(table).item(item("id", s("new"))))
                                        .build(),
                                TransactWriteItem.builder()
                                        .update(
                                                u ->
                                                        u.tableName(table)
                                                                .key(item("id", s("held")))
                                                                .updateExpression("SET #o = :y")
                                                                .conditionExpression("#o = :x")
                                                                .expressionAttributeNames(
                                                                        Map.of("#o", "owner"))
                                                                .expressionAttributeValues(
                                                                        Map.of(
                                                                                ":x", s("x"), ":y",
                                                                                s("y"))))
                                        .build(),
                                TransactWriteItem.builder()
                                        .delete(
                                                d ->
                                                        d.tableName(table)
                                                                .key(item("id", s("absent"))))
                                        .build()));
        assertThat(client.getItem(b -> b.tableName(table).key(item("id", s("new")))).hasItem())
                .isTrue();
        assertThat(client.getItem(b -> b.tableName(table).key(item("id", s("held")))).item())
                .containsEntry("owner", s("y"));
    }

    // ---- query and scan ----

    @Test
    void queryKeyConditionsOrderingPagingAndFilters() {
        String table =
                Tables.hashRange(client, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
        for (int i = 1; i <= 10; i++) {
            int sk = i;
            client.putItem(
                    b ->
                            b.tableName(table)
                                    .item(
                                            item(
                                                    "pk",
                                                    s("p"),
                                                    "sk",
                                                    n(Integer.toString(sk)),
                                                    "even",
                                                    AttributeValue.fromBool(sk % 2 == 0))));
        }
        client.putItem(b -> b.tableName(table).item(item("pk", s("other"), "sk", n("5"))));

        assertThat(rangeKeys(query(table, "pk = :p AND sk < :v", "3"))).containsExactly("1", "2");
        assertThat(rangeKeys(query(table, "pk = :p AND sk <= :v", "3")))
                .containsExactly("1", "2", "3");
        assertThat(rangeKeys(query(table, "pk = :p AND sk > :v", "8"))).containsExactly("9", "10");
        assertThat(rangeKeys(query(table, "pk = :p AND sk >= :v", "9"))).containsExactly("9", "10");
        assertThat(rangeKeys(query(table, "pk = :p AND sk = :v", "4"))).containsExactly("4");
        assertThat(rangeKeys(query(table, "pk = :p AND :v < sk", "8"))).containsExactly("9", "10");

        QueryResponse between =
                client.query(
                        b ->
                                b.tableName(table)
                                        .keyConditionExpression(
                                                "pk = :p AND sk BETWEEN :lo AND :hi")
                                        .expressionAttributeValues(
                                                Map.of(":p", s("p"), ":lo", n("4"), ":hi", n("6")))
                                        .scanIndexForward(false));
        assertThat(rangeKeys(between)).containsExactly("6", "5", "4");

        // Limit counts items read before the filter: 4 read (1..4), 2 pass (2, 4).
        QueryResponse firstPage =
                client.query(
                        b ->
                                b.tableName(table)
                                        .keyConditionExpression("pk = :p")
                                        .filterExpression("even = :t")
                                        .expressionAttributeValues(
                                                Map.of(
                                                        ":p",
                                                        s("p"),
                                                        ":t",
                                                        AttributeValue.fromBool(true)))
                                        .limit(4));
        assertThat(rangeKeys(firstPage)).containsExactly("2", "4");
        assertThat(firstPage.count()).isEqualTo(2);
        assertThat(firstPage.scannedCount()).isEqualTo(4);
        assertThat(firstPage.lastEvaluatedKey()).isEqualTo(item("pk", s("p"), "sk", n("4")));

        QueryResponse rest =
                client.query(
                        b ->
                                b.tableName(table)
                                        .keyConditionExpression("pk = :p")
                                        .filterExpression("even = :t")
                                        .expressionAttributeValues(
                                                Map.of(
                                                        ":p",
                                                        s("p"),
                                                        ":t",
                                                        AttributeValue.fromBool(true)))
                                        .exclusiveStartKey(firstPage.lastEvaluatedKey()));
        assertThat(rangeKeys(rest)).containsExactly("6", "8", "10");
        assertThat(rest.scannedCount()).isEqualTo(6);
        assertThat(rest.lastEvaluatedKey()).isEmpty();

        QueryResponse counted =
                client.query(
                        b ->
                                b.tableName(table)
                                        .keyConditionExpression("pk = :p")
                                        .expressionAttributeValues(Map.of(":p", s("p")))
                                        .select(Select.COUNT));
        assertThat(counted.count()).isEqualTo(10);
        assertThat(counted.items()).isEmpty();

        QueryResponse projected =
                client.query(
                        b ->
                                b.tableName(table)
                                        .keyConditionExpression("pk = :p AND sk = :one")
                                        .projectionExpression("sk")
                                        .expressionAttributeValues(
                                                Map.of(":p", s("p"), ":one", n("1"))));
        assertThat(projected.items()).containsExactly(item("sk", n("1")));

        assertThatThrownBy(
                        () ->
                                client.query(
                                        b ->
                                                b.tableName(table)
                                                        .keyConditionExpression("sk = :one")
                                                        .expressionAttributeValues(
                                                                Map.of(":one", n("1")))))
                .hasMessageContaining("Query condition missed key schema element: pk");
    }

    @Test
    void queryOrdersStringAndBinaryRangeKeysByUnsignedBytes() {
        String strings =
                Tables.hashRange(client, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.S);
        // UTF-8: "Z" 5A < "a" 61 < "é" C3 A9 < U+FFFD EF BF BD < U+1F600 F0 9F 98 80. (In UTF-16
        // the emoji's surrogate D83D would sort before U+FFFD.)
        for (String sk : List.of("\uD83D\uDE00", "a", "\uFFFD", "Z", "é")) {
            client.putItem(b -> b.tableName(strings).item(item("pk", s("p"), "sk", s(sk))));
        }
        List<String> prefixed =
                client
                        .query(
                                b ->
                                        b.tableName(strings)
                                                .keyConditionExpression(
                                                        "pk = :p AND begins_with(sk, :v)")
                                                .expressionAttributeValues(
                                                        Map.of(":p", s("p"), ":v", s("\u00e9"))))
                        .items()
                        .stream()
                        .map(i -> i.get("sk").s())
                        .collect(Collectors.toList());
        assertThat(prefixed).containsExactly("é");
        List<String> all =
                client
                        .query(
                                b ->
                                        b.tableName(strings)
                                                .keyConditionExpression("pk = :p")
                                                .expressionAttributeValues(Map.of(":p", s("p"))))
                        .items()
                        .stream()
                        .map(i -> i.get("sk").s())
                        .collect(Collectors.toList());
        assertThat(all).containsExactly("Z", "a", "é", "\uFFFD", "\uD83D\uDE00");

        String binaries =
                Tables.hashRange(client, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.B);
        for (int b : new int[] {0xff, 0x00, 0x80, 0x7f}) {
            client.putItem(
                    r ->
                            r.tableName(binaries)
                                    .item(
                                            item(
                                                    "pk",
                                                    s("p"),
                                                    "sk",
                                                    AttributeValue.fromB(
                                                            SdkBytes.fromByteArray(
                                                                    new byte[] {(byte) b})))));
        }
        List<Integer> bytes =
                client
                        .query(
                                b ->
                                        b.tableName(binaries)
                                                .keyConditionExpression("pk = :p")
                                                .expressionAttributeValues(Map.of(":p", s("p"))))
                        .items()
                        .stream()
                        .map(i -> i.get("sk").b().asByteArray()[0] & 0xff)
                        .collect(Collectors.toList());
        assertThat(bytes).containsExactly(0x00, 0x7f, 0x80, 0xff);
    }

    private static QueryResponse query(String table, String keyCondition, String value) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":p", s("p"));
        if (keyCondition.contains(":v")) {
            values.put(":v", n(value));
        }
        return client.query(
                b ->
                        b.tableName(table)
                                .keyConditionExpression(keyCondition)
                                .expressionAttributeValues(values));
    }

    private static List<String> rangeKeys(QueryResponse response) {
        return response.items().stream().map(i -> i.get("sk").n()).collect(Collectors.toList());
    }

    @Test
    void scanPagesAndSegmentsCoverEveryItemOnce() {
        String table = Tables.hashOnly(client, "id", ScalarAttributeType.N);
        for (int i = 0; i < 30; i++) {
            int id = i;
            client.putItem(
                    b ->
                            b.tableName(table)
                                    .item(
                                            item(
                                                    "id",
                                                    n(Integer.toString(id)),
                                                    "odd",
                                                    AttributeValue.fromBool(id % 2 == 1))));
        }
        Set<String> paged = new HashSet<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page =
                    client.scan(b -> b.tableName(table).limit(7).exclusiveStartKey(from));
            page.items().forEach(i -> assertThat(paged.add(i.get("id").n())).isTrue());
            start =
                    page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                            ? page.lastEvaluatedKey()
                            : null;
            pages++;
        } while (start != null);
        // 30 items in pages of 7: 7, 7, 7, 7, 2 -> 5 pages.
        assertThat(pages).isEqualTo(5);
        assertThat(paged).hasSize(30);

        Set<String> segments = new HashSet<>();
        int amount = 0;
        for (int segment = 0; segment < 3; segment++) {
            int seg = segment;
            List<Map<String, AttributeValue>> items =
                    client.scan(b -> b.tableName(table).segment(seg).totalSegments(3)).items();
            amount += items.size();
            items.forEach(i -> segments.add(i.get("id").n()));
        }
        assertThat(amount).isEqualTo(30);
        assertThat(segments).hasSize(30);

        ScanResponse filtered =
                client.scan(
                        b ->
                                b.tableName(table)
                                        .filterExpression("odd = :t AND id BETWEEN :lo AND :hi")
                                        .expressionAttributeValues(
                                                Map.of(
                                                        ":t",
                                                        AttributeValue.fromBool(true),
                                                        ":lo",
                                                        n("10"),
                                                        ":hi",
                                                        n("15"))));
        assertThat(filtered.items().stream().map(i -> i.get("id").n()))
                .containsExactlyInAnyOrder("11", "13", "15");
        assertThat(filtered.scannedCount()).isEqualTo(30);
    }

    // ---- consumed capacity ----

    @Test
    void consumedCapacityFollowsAwsRules() {
        String table = Tables.hashOnly(client, "id", ScalarAttributeType.S);
        // Item size = "id"(2) + "k"(1) + "pad"(3) + 1,019 = 1,025 bytes: two 1 KB write units.
        String pad = "x".repeat(1019);
        double putUnits =
                client.putItem(
                                b ->
                                        b.tableName(table)
                                                .item(item("id", s("k"), "pad", s(pad)))
                                                .returnConsumedCapacity(
                                                        ReturnConsumedCapacity.TOTAL))
                        .consumedCapacity()
                        .capacityUnits();
        assertThat(putUnits).isEqualTo(2.0);

        // 1,025 bytes is one 4 KB read unit: 1 strongly consistent, 0.5 eventually consistent.
        assertThat(getUnits(table, true)).isEqualTo(1.0);
        assertThat(getUnits(table, false)).isEqualTo(0.5);

        // Transactional writes cost double: 2 x 2 = 4.
        double transactUnits =
                client.transactWriteItems(
                                b ->
                                        b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                                                .transactItems(
                                                        TransactWriteItem.builder()
                                                                .put(
                                                                        p ->
                                                                                p.tableName(table)
                                                                                        .item(
                                                                                                item(
                                                                                                        "id",
                                                                                                        s(
                                                                                                                "k"),
                                                                                                        "pad",
                                                                                                        s(
                                                                                                                pad))))
                                                                .build()))
                        .consumedCapacity()
                        .get(0)
                        .capacityUnits();
        assertThat(transactUnits).isEqualTo(4.0);

        // A scan reading 4 items of 1,025 bytes = 4,100 bytes: two 4 KB units, halved = 1.0.
        for (String id : List.of("k2", "k3", "k4")) {
            client.putItem(
                    b -> b.tableName(table).item(item("id", s(id), "pad", s(pad.substring(1)))));
        }
        double scanUnits =
                client.scan(
                                b ->
                                        b.tableName(table)
                                                .returnConsumedCapacity(
                                                        ReturnConsumedCapacity.TOTAL))
                        .consumedCapacity()
                        .capacityUnits();
        assertThat(scanUnits).isEqualTo(1.0);
    }

    private static double getUnits(String table, boolean consistent) {
        return client.getItem(
                        b ->
                                b.tableName(table)
                                        .key(item("id", s("k")))
                                        .consistentRead(consistent)
                                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity()
                .capacityUnits();
    }

    // ---- time to live ----

    @Test
    void expiredItemsAreDeletedByTheSweepAfterTheClockPassesTheirTtl() {
        String table = Tables.hashOnly(client, "id", ScalarAttributeType.S);
        client.updateTimeToLive(
                b ->
                        b.tableName(table)
                                .timeToLiveSpecification(
                                        t -> t.enabled(true).attributeName("expires")));
        assertThat(
                        client.describeTimeToLive(b -> b.tableName(table))
                                .timeToLiveDescription()
                                .timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.ENABLED);

        long now = clock.instant().getEpochSecond();
        client.putItem(
                b ->
                        b.tableName(table)
                                .item(
                                        item(
                                                "id",
                                                s("soon"),
                                                "expires",
                                                n(Long.toString(now + 60)))));
        client.putItem(
                b ->
                        b.tableName(table)
                                .item(
                                        item(
                                                "id",
                                                s("later"),
                                                "expires",
                                                n(Long.toString(now + 3600)))));
        client.putItem(
                b -> b.tableName(table).item(item("id", s("text"), "expires", s("not a number"))));

        assertThat(server.store().expireItems()).as("nothing has expired yet").isZero();
        clock.advance(Duration.ofSeconds(120));

        // The background sweep runs every 500 ms; wait for it rather than calling it.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (client.getItem(
                        b -> b.tableName(table).key(item("id", s("soon"))).consistentRead(true))
                .hasItem()) {
            assertThat(System.nanoTime())
                    .as("item 'soon' should have expired within 10 s of the clock passing its TTL")
                    .isLessThan(deadline);
            // Poll interval, not a wait for the result: the loop ends as soon as it is seen.
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        assertThat(client.getItem(b -> b.tableName(table).key(item("id", s("later")))).hasItem())
                .isTrue();
        assertThat(client.getItem(b -> b.tableName(table).key(item("id", s("text")))).hasItem())
                .isTrue();

        client.updateTimeToLive(
                b ->
                        b.tableName(table)
                                .timeToLiveSpecification(
                                        t -> t.enabled(false).attributeName("expires")));
        assertThat(
                        client.describeTimeToLive(b -> b.tableName(table))
                                .timeToLiveDescription()
                                .timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
    }
}
