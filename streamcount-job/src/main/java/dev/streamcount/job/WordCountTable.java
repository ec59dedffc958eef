package dev.streamcount.job;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The word-count table: {@code word} (S) as its only key, {@code count} (N) as the total. */
public final class WordCountTable {

    public static final String KEY = "word";
    public static final String COUNT = "count";
    static final String EXPECTED_SCHEMA = KEY + " (HASH, S)";

    private WordCountTable() {}

    /** Thrown when a table exists with a key schema streamcount cannot write. */
    public static class SchemaMismatchException extends RuntimeException {
        public SchemaMismatchException(String message) {
            super(message);
        }
    }

    /**
     * Makes sure {@code table} exists with the expected key, creating it (PAY_PER_REQUEST) and
     * waiting until it is ACTIVE if it is missing.
     *
     * @return true if the table was created by this call
     * @throws SchemaMismatchException if it exists with another key schema
     */
    public static boolean ensure(DynamoDbClient client, String table) {
        boolean created = false;
        try {
            verifySchema(client.describeTable(b -> b.tableName(table)).table());
        } catch (ResourceNotFoundException missing) {
            try {
                client.createTable(createRequest(table));
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
                                        new IllegalStateException(
                                                "Table " + table + " did not become ACTIVE"));
        verifySchema(active.table());
        return created;
    }

    static CreateTableRequest createRequest(String table) {
        return CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder()
                                .attributeName(KEY)
                                .attributeType(ScalarAttributeType.S)
                                .build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build())
                .build();
    }

    static void verifySchema(TableDescription t) {
        List<KeySchemaElement> keys = t.keySchema();
        String found =
                keys.stream()
                        .map(
                                k ->
                                        k.attributeName()
                                                + " ("
                                                + k.keyTypeAsString()
                                                + ", "
                                                + typeOf(t, k.attributeName())
                                                + ")")
                        .collect(Collectors.joining(", "));
        boolean ok =
                keys.size() == 1
                        && keys.get(0).keyType() == KeyType.HASH
                        && KEY.equals(keys.get(0).attributeName())
                        && "S".equals(typeOf(t, KEY));
        if (!ok) {
            throw new SchemaMismatchException(
                    "Table "
                            + t.tableName()
                            + " has key schema ["
                            + found
                            + "], expected ["
                            + EXPECTED_SCHEMA
                            + "]: use another --table or delete this one");
        }
    }

    private static String typeOf(TableDescription t, String attribute) {
        return t.attributeDefinitions().stream()
                .filter(a -> a.attributeName().equals(attribute))
                .map(AttributeDefinition::attributeTypeAsString)
                .findFirst()
                .orElse("?");
    }
}
