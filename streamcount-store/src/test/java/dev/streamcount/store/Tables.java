package dev.streamcount.store;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Creates uniquely named tables for tests sharing one store. */
final class Tables {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Tables() {}

    /** A fresh on-demand table with hash key {@code hash}. */
    static String hashOnly(DynamoDbClient client, String hash, ScalarAttributeType type) {
        String name = "table-" + NEXT.incrementAndGet();
        client.createTable(
                b ->
                        b.tableName(name)
                                .billingMode(BillingMode.PAY_PER_REQUEST)
                                .attributeDefinitions(
                                        AttributeDefinition.builder()
                                                .attributeName(hash)
                                                .attributeType(type)
                                                .build())
                                .keySchema(key(hash, KeyType.HASH)));
        return name;
    }

    /** An on-demand table named {@code name} with hash key {@code hash}. */
    static void createNamed(
            DynamoDbClient client, String name, String hash, ScalarAttributeType type) {
        client.createTable(
                b ->
                        b.tableName(name)
                                .billingMode(BillingMode.PAY_PER_REQUEST)
                                .attributeDefinitions(
                                        AttributeDefinition.builder()
                                                .attributeName(hash)
                                                .attributeType(type)
                                                .build())
                                .keySchema(key(hash, KeyType.HASH)));
    }

    /** A fresh on-demand table with hash key {@code hash} and range key {@code range}. */
    static String hashRange(
            DynamoDbClient client,
            String hash,
            ScalarAttributeType hashType,
            String range,
            ScalarAttributeType rangeType) {
        String name = "table-" + NEXT.incrementAndGet();
        client.createTable(
                b ->
                        b.tableName(name)
                                .billingMode(BillingMode.PAY_PER_REQUEST)
                                .attributeDefinitions(
                                        AttributeDefinition.builder()
                                                .attributeName(hash)
                                                .attributeType(hashType)
                                                .build(),
                                        AttributeDefinition.builder()
                                                .attributeName(range)
                                                .attributeType(rangeType)
                                                .build())
                                .keySchema(key(hash, KeyType.HASH), key(range, KeyType.RANGE)));
        return name;
    }

    static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
