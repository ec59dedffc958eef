package dev.streamcount.store.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What CreateTable fixed about a table and nothing else: immutable, so a later durable slice can
 * log it as it is.
 *
 * @param name the table name
 * @param keySchema the primary key
 * @param attributeDefinitions the request's {@code AttributeDefinitions}, echoed by DescribeTable
 * @param payPerRequest whether the billing mode is {@code PAY_PER_REQUEST}
 * @param readCapacityUnits provisioned reads (0 for on-demand)
 * @param writeCapacityUnits provisioned writes (0 for on-demand)
 * @param created when the table was created
 * @param tableId the table's random id
 */
public record TableDefinition(
        String name,
        KeySchema keySchema,
        JsonNode attributeDefinitions,
        boolean payPerRequest,
        long readCapacityUnits,
        long writeCapacityUnits,
        Instant created,
        String tableId) {
    /** The ARN DynamoDB Local and dynalite use for a local table. */
    public String arn() {
        return "arn:aws:dynamodb:us-east-1:000000000000:table/" + name;
    }
}
