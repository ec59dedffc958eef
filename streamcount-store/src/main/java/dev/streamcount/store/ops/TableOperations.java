package dev.streamcount.store.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.api.ErrorType;
import dev.streamcount.store.model.Type;
import dev.streamcount.store.table.Catalog;
import dev.streamcount.store.table.KeySchema;
import dev.streamcount.store.table.Table;
import dev.streamcount.store.table.TableDefinition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTimeToLive and DescribeTimeToLive.
 * Tables are ACTIVE as soon as they are created, and gone as soon as they are deleted.
 */
public final class TableOperations {
    private static final long MAX_CAPACITY = 1_000_000_000_000L;

    private final Catalog catalog;
    private final Clock clock;

    /** Operations on {@code catalog}; {@code clock} stamps creation times. */
    public TableOperations(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** CreateTable. */
    public ObjectNode createTable(JsonNode request) {
        String name = Requests.tableName(request);
        JsonNode definitions = Requests.required(request, "AttributeDefinitions");
        JsonNode keySchema = Requests.required(request, "KeySchema");
        String billingMode = Requests.text(request, "BillingMode");
        JsonNode throughput = Requests.field(request, "ProvisionedThroughput");
        Constraints constraints = new Constraints();
        constraints.check(
                keySchema.size() >= 1,
                "[]",
                "keySchema",
                "Member must have length greater than or equal to 1");
        constraints.check(
                keySchema.size() <= 2,
                keySchema,
                "keySchema",
                "Member must have length less than or equal to 2");
        Map<String, String> types = new LinkedHashMap<>();
        for (int i = 0; i < definitions.size(); i++) {
            JsonNode d = definitions.get(i);
            String type = Requests.text(d, "AttributeType");
            constraints.checkEnum(
                    type,
                    "attributeDefinitions." + (i + 1) + ".member.attributeType",
                    List.of("B", "N", "S"));
            types.put(Requests.text(d, "AttributeName"), type);
        }
        for (int i = 0; i < keySchema.size(); i++) {
            constraints.checkEnum(
                    Requests.text(keySchema.get(i), "KeyType"),
                    "keySchema." + (i + 1) + ".member.keyType",
                    List.of("HASH", "RANGE"));
        }
        constraints.checkEnum(
                billingMode, "billingMode", List.of("PROVISIONED", "PAY_PER_REQUEST"));
        long read = 0;
        long write = 0;
        if (throughput != null) {
            read = throughput.path("ReadCapacityUnits").asLong(0);
            write = throughput.path("WriteCapacityUnits").asLong(0);
            constraints.check(
                    !throughput.has("WriteCapacityUnits") || write >= 1,
                    write,
                    "provisionedThroughput.writeCapacityUnits",
                    "Member must have value greater than or equal to 1");
            constraints.check(
                    !throughput.has("ReadCapacityUnits") || read >= 1,
                    read,
                    "provisionedThroughput.readCapacityUnits",
                    "Member must have value greater than or equal to 1");
        }
        constraints.throwIfAny();

        boolean payPerRequest = "PAY_PER_REQUEST".equals(billingMode);
        checkBilling(payPerRequest, throughput, read, write);
        if (Requests.field(request, "GlobalSecondaryIndexes") != null
                || Requests.field(request, "LocalSecondaryIndexes") != null) {
            throw DynamoDbException.validation(
                    "Secondary indexes are not supported by this store yet");
        }
        KeySchema schema = keySchema(keySchema, types);
        TableDefinition definition =
                new TableDefinition(
                        name,
                        schema,
                        definitions.deepCopy(),
                        payPerRequest,
                        payPerRequest ? 0 : read,
                        payPerRequest ? 0 : write,
                        clock.instant(),
                        UUID.randomUUID().toString());
        Table table = catalog.create(definition);
        ObjectNode response = Requests.JSON.objectNode();
        // DynamoDB answers CREATING; the table is usable at once and DescribeTable says ACTIVE, so
        // a client waiting for ACTIVE returns on its first poll.
        response.set("TableDescription", describe(table, "CREATING"));
        return response;
    }

    private static void checkBilling(
            boolean payPerRequest, JsonNode throughput, long read, long write) {
        if (payPerRequest) {
            if (throughput != null) {
                throw DynamoDbException.validation(
                        "One or more parameter values were invalid: Neither ReadCapacityUnits nor"
                                + " WriteCapacityUnits can be specified when BillingMode is"
                                + " PAY_PER_REQUEST");
            }
            return;
        }
        if (throughput == null || read == 0 || write == 0) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: ReadCapacityUnits and"
                            + " WriteCapacityUnits must both be specified when BillingMode is"
                            + " PROVISIONED");
        }
        if (read > MAX_CAPACITY) {
            throw DynamoDbException.validation(
                    "Given value " + read + " for ReadCapacityUnits is out of bounds");
        }
        if (write > MAX_CAPACITY) {
            throw DynamoDbException.validation(
                    "Given value " + write + " for WriteCapacityUnits is out of bounds");
        }
    }

    private static KeySchema keySchema(JsonNode keySchema, Map<String, String> types) {
        List<String> keys = new ArrayList<>();
        keySchema.forEach(k -> keys.add(k.path("AttributeName").asText()));
        if (keys.size() > types.size()) {
            throw DynamoDbException.validation(
                    "Invalid KeySchema: Some index key attribute have no definition");
        }
        if (!types.keySet().containsAll(keys)) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Some index key attributes are not"
                            + " defined in AttributeDefinitions. Keys: ["
                            + String.join(", ", keys)
                            + "], AttributeDefinitions: ["
                            + String.join(", ", types.keySet())
                            + "]");
        }
        if (keys.size() == 2 && keys.get(0).equals(keys.get(1))) {
            throw DynamoDbException.validation(
                    "Both the Hash Key and the Range Key element in the KeySchema have the same"
                            + " name");
        }
        if (!"HASH".equals(keySchema.get(0).path("KeyType").asText())) {
            throw DynamoDbException.validation(
                    "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (keys.size() == 2 && !"RANGE".equals(keySchema.get(1).path("KeyType").asText())) {
            throw DynamoDbException.validation(
                    "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }
        if (keys.size() != types.size()) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Number of attributes in KeySchema"
                            + " does not exactly match number of attributes defined in"
                            + " AttributeDefinitions");
        }
        String hash = keys.get(0);
        String range = keys.size() == 2 ? keys.get(1) : null;
        return new KeySchema(
                hash,
                Type.valueOf(types.get(hash)),
                range,
                range == null ? null : Type.valueOf(types.get(range)));
    }

    /** DescribeTable. */
    public ObjectNode describeTable(JsonNode request) {
        Table table = catalog.describe(Requests.tableName(request));
        ObjectNode response = Requests.JSON.objectNode();
        response.set("Table", describe(table, "ACTIVE"));
        return response;
    }

    /** DeleteTable: answers with the table as it was, marked DELETING, as DynamoDB does. */
    public ObjectNode deleteTable(JsonNode request) {
        Table table = catalog.delete(Requests.tableName(request));
        ObjectNode response = Requests.JSON.objectNode();
        response.set("TableDescription", describe(table, "DELETING"));
        return response;
    }

    /** ListTables, in name order, paged by {@code Limit} and {@code ExclusiveStartTableName}. */
    public ObjectNode listTables(JsonNode request) {
        Constraints constraints = new Constraints();
        JsonNode limitNode = Requests.field(request, "Limit");
        int limit = limitNode == null ? 100 : limitNode.asInt();
        if (limitNode != null) {
            constraints.check(
                    limit >= 1,
                    limit,
                    "limit",
                    "Member must have value greater than or equal to 1");
            constraints.check(
                    limit <= 100,
                    limit,
                    "limit",
                    "Member must have value less than or equal to 100");
        }
        String start = Requests.text(request, "ExclusiveStartTableName");
        constraints.throwIfAny();
        if (start != null) {
            Requests.checkTableName(start, "ExclusiveStartTableName", "exclusiveStartTableName");
        }
        List<String> names =
                new ArrayList<>(
                        start == null
                                ? catalog.tables().keySet()
                                : catalog.tables().tailMap(start, false).keySet());
        ObjectNode response = Requests.JSON.objectNode();
        ArrayNode array = response.putArray("TableNames");
        names.stream().limit(limit).forEach(array::add);
        if (names.size() > limit) {
            response.put("LastEvaluatedTableName", names.get(limit - 1));
        }
        return response;
    }

    /** UpdateTimeToLive. */
    public ObjectNode updateTimeToLive(JsonNode request) {
        String name = Requests.tableName(request);
        JsonNode spec = Requests.required(request, "TimeToLiveSpecification");
        Constraints constraints = new Constraints();
        JsonNode enabledNode = spec.get("Enabled");
        String attribute = Requests.text(spec, "AttributeName");
        constraints.check(
                enabledNode != null && enabledNode.isBoolean(),
                null,
                "timeToLiveSpecification.enabled",
                "Member must not be null");
        constraints.check(
                attribute != null,
                null,
                "timeToLiveSpecification.attributeName",
                "Member must not be null");
        constraints.throwIfAny();
        if (attribute.isEmpty() || attribute.length() > 255) {
            throw DynamoDbException.validation(
                    "1 validation error detected: Value '"
                            + attribute
                            + "' at 'timeToLiveSpecification.attributeName' failed to satisfy"
                            + " constraint: Member must have length between 1 and 255");
        }
        boolean enabled = enabledNode.booleanValue();
        Table table = catalog.describe(name);
        table.lock();
        try {
            if (catalog.get(name) != table) {
                // Deleted (and maybe re-created) while we waited for the lock.
                throw new DynamoDbException(
                        ErrorType.RESOURCE_NOT_FOUND, "Requested resource not found");
            }
            String current = table.timeToLiveAttribute();
            if (enabled && current != null) {
                throw DynamoDbException.validation("TimeToLive is already enabled");
            }
            if (!enabled && current == null) {
                throw DynamoDbException.validation("TimeToLive is already disabled");
            }
            catalog.setTimeToLive(table, enabled ? attribute : null);
        } finally {
            table.unlock();
        }
        ObjectNode response = Requests.JSON.objectNode();
        ObjectNode echo = response.putObject("TimeToLiveSpecification");
        echo.put("Enabled", enabled);
        echo.put("AttributeName", attribute);
        return response;
    }

    /** DescribeTimeToLive. */
    public ObjectNode describeTimeToLive(JsonNode request) {
        Table table = catalog.describe(Requests.tableName(request));
        String attribute = table.timeToLiveAttribute();
        ObjectNode response = Requests.JSON.objectNode();
        ObjectNode description = response.putObject("TimeToLiveDescription");
        description.put("TimeToLiveStatus", attribute == null ? "DISABLED" : "ENABLED");
        if (attribute != null) {
            description.put("AttributeName", attribute);
        }
        return response;
    }

    /** The {@code TableDescription} DynamoDB returns for a table. */
    static ObjectNode describe(Table table, String status) {
        TableDefinition d = table.definition();
        ObjectNode node = Requests.JSON.objectNode();
        node.set("AttributeDefinitions", d.attributeDefinitions().deepCopy());
        node.put("TableName", d.name());
        ArrayNode keys = node.putArray("KeySchema");
        ObjectNode hash = keys.addObject();
        hash.put("AttributeName", d.keySchema().hashName());
        hash.put("KeyType", "HASH");
        if (d.keySchema().hasRange()) {
            ObjectNode range = keys.addObject();
            range.put("AttributeName", d.keySchema().rangeName());
            range.put("KeyType", "RANGE");
        }
        node.put("TableStatus", status);
        node.put("CreationDateTime", d.created().toEpochMilli() / 1000.0);
        ObjectNode throughput = node.putObject("ProvisionedThroughput");
        throughput.put("NumberOfDecreasesToday", 0);
        throughput.put("ReadCapacityUnits", d.readCapacityUnits());
        throughput.put("WriteCapacityUnits", d.writeCapacityUnits());
        node.put("TableSizeBytes", table.sizeBytes());
        node.put("ItemCount", table.itemCount());
        node.put("TableArn", d.arn());
        node.put("TableId", d.tableId());
        if (d.payPerRequest()) {
            node.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST");
            node.putObject("TableThroughputModeSummary")
                    .put("TableThroughputMode", "PAY_PER_REQUEST");
        }
        return node;
    }
}
