package dev.streamcount.store.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.expression.Path;
import dev.streamcount.store.expression.Projection;
import dev.streamcount.store.expression.UpdateExpression;
import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.AttributeValues;
import dev.streamcount.store.table.Catalog;
import dev.streamcount.store.table.KeySchema;
import dev.streamcount.store.table.PrimaryKey;
import dev.streamcount.store.table.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** PutItem, GetItem, DeleteItem and UpdateItem. */
public final class ItemOperations {
    /** DynamoDB's item size limit. */
    static final int MAX_ITEM_BYTES = 400 * 1024;

    static final List<String> RETURN_VALUES =
            List.of("ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW");
    private static final List<String> ON_FAILURE = List.of("ALL_OLD", "NONE");
    private static final List<String> METRICS = List.of("SIZE", "NONE");

    private final Catalog catalog;
    private final ItemWriter writer;

    /** Operations on the items of {@code catalog}. */
    public ItemOperations(Catalog catalog) {
        this.catalog = catalog;
        this.writer = new ItemWriter(catalog);
    }

    /** PutItem. */
    public ObjectNode putItem(JsonNode request) {
        String tableName = Requests.tableName(request);
        Requests.required(request, "Item");
        String returnValues = Requests.text(request, "ReturnValues");
        String capacity = checkWriteEnums(request, returnValues);
        Map<String, AttributeValue> item = Requests.item(request, "Item");
        checkPutReturnValues(returnValues);
        checkItemSize(item);
        ExpressionParams expressions =
                ExpressionParams.parse(
                        request, List.of("ConditionExpression"), List.of("Expected"));
        Table table = catalog.get(tableName);
        table.keySchema().checkItem(item);
        ItemWriter.Result result =
                writer.write(
                        table,
                        table.keySchema().keyOf(item),
                        expressions.condition,
                        returnOldOnFailure(request),
                        before -> item);
        ObjectNode response = Requests.JSON.objectNode();
        if ("ALL_OLD".equals(returnValues) && result.before() != null) {
            response.set("Attributes", AttributeValues.toJson(result.before()));
        }
        Capacity.add(response, capacity, tableName, writeUnits(result, false));
        return response;
    }

    /** GetItem. */
    public ObjectNode getItem(JsonNode request) {
        String tableName = Requests.tableName(request);
        Requests.required(request, "Key");
        String capacity = Requests.text(request, "ReturnConsumedCapacity");
        new Constraints()
                .checkEnum(capacity, "returnConsumedCapacity", Requests.CAPACITY_MODES)
                .throwIfAny();
        Map<String, AttributeValue> keyAttributes = Requests.item(request, "Key");
        ExpressionParams expressions =
                ExpressionParams.parse(
                        request, List.of("ProjectionExpression"), List.of("AttributesToGet"));
        Table table = catalog.get(tableName);
        PrimaryKey key = table.keySchema().checkKey(keyAttributes);
        Map<String, AttributeValue> item = table.get(key);
        boolean consistent = request.path("ConsistentRead").asBoolean(false);
        ObjectNode response = Requests.JSON.objectNode();
        if (item != null) {
            Map<String, AttributeValue> returned =
                    expressions.projection == null ? item : expressions.projection.apply(item);
            response.set("Item", AttributeValues.toJson(returned));
        }
        Capacity.add(
                response,
                capacity,
                tableName,
                Capacity.readUnits(item == null ? 0 : AttributeValues.itemSize(item), consistent));
        return response;
    }

    /** DeleteItem. */
    public ObjectNode deleteItem(JsonNode request) {
        String tableName = Requests.tableName(request);
        Requests.required(request, "Key");
        String returnValues = Requests.text(request, "ReturnValues");
        String capacity = checkWriteEnums(request, returnValues);
        Map<String, AttributeValue> keyAttributes = Requests.item(request, "Key");
        checkPutReturnValues(returnValues);
        ExpressionParams expressions =
                ExpressionParams.parse(
                        request, List.of("ConditionExpression"), List.of("Expected"));
        Table table = catalog.get(tableName);
        PrimaryKey key = table.keySchema().checkKey(keyAttributes);
        ItemWriter.Result result =
                writer.write(
                        table,
                        key,
                        expressions.condition,
                        returnOldOnFailure(request),
                        before -> null);
        ObjectNode response = Requests.JSON.objectNode();
        if ("ALL_OLD".equals(returnValues) && result.before() != null) {
            response.set("Attributes", AttributeValues.toJson(result.before()));
        }
        Capacity.add(response, capacity, tableName, writeUnits(result, false));
        return response;
    }

    /** UpdateItem. */
    public ObjectNode updateItem(JsonNode request) {
        String tableName = Requests.tableName(request);
        Requests.required(request, "Key");
        String returnValues = Requests.text(request, "ReturnValues");
        String capacity = checkWriteEnums(request, returnValues);
        Map<String, AttributeValue> keyAttributes = Requests.item(request, "Key");
        ExpressionParams expressions =
                ExpressionParams.parse(
                        request,
                        List.of("UpdateExpression", "ConditionExpression"),
                        List.of("AttributeUpdates", "Expected"));
        Table table = catalog.get(tableName);
        KeySchema schema = table.keySchema();
        PrimaryKey key = schema.checkKey(keyAttributes);
        UpdateExpression update = expressions.update;
        if (update != null) {
            checkKeyNotUpdated(schema, update);
        }
        ItemWriter.Result result =
                writer.write(
                        table,
                        key,
                        expressions.condition,
                        returnOldOnFailure(request),
                        before -> updated(before, keyAttributes, update));
        ObjectNode response = Requests.JSON.objectNode();
        Map<String, AttributeValue> attributes = returnedAttributes(returnValues, result, update);
        if (attributes != null && !attributes.isEmpty()) {
            response.set("Attributes", AttributeValues.toJson(attributes));
        }
        Capacity.add(response, capacity, tableName, writeUnits(result, false));
        return response;
    }

    /** The item an update produces: the current item (or just the key) with the actions applied. */
    static Map<String, AttributeValue> updated(
            Map<String, AttributeValue> before,
            Map<String, AttributeValue> keyAttributes,
            UpdateExpression update) {
        Map<String, AttributeValue> base = before;
        if (base == null) {
            base = new LinkedHashMap<>(keyAttributes);
        }
        Map<String, AttributeValue> after = update == null ? base : update.apply(base);
        if (AttributeValues.itemSize(after) > MAX_ITEM_BYTES) {
            throw DynamoDbException.validation(
                    "Item size to update has exceeded the maximum allowed size");
        }
        return after;
    }

    /** Refuses an update of a key attribute, or of a path inside one. */
    static void checkKeyNotUpdated(KeySchema schema, UpdateExpression update) {
        for (Path path : update.paths()) {
            if (schema.isKeyAttribute(path.head())) {
                if (path.isTopLevel()) {
                    throw DynamoDbException.validation(
                            "One or more parameter values were invalid: Cannot update attribute "
                                    + path.head()
                                    + ". This attribute is part of the key");
                }
                throw DynamoDbException.validation(
                        "Key attributes must be scalars; list random access '[]' and map lookup"
                                + " '.' are not allowed: Key: "
                                + path.head());
            }
        }
    }

    private static Map<String, AttributeValue> returnedAttributes(
            String returnValues, ItemWriter.Result result, UpdateExpression update) {
        if (returnValues == null) {
            return null;
        }
        List<Path> paths = update == null ? List.of() : update.paths();
        switch (returnValues) {
            case "ALL_OLD":
                return result.before();
            case "ALL_NEW":
                return result.after();
            case "UPDATED_OLD":
                return result.before() == null ? null : Projection.select(result.before(), paths);
            case "UPDATED_NEW":
                return Projection.select(result.after(), paths);
            default:
                return null;
        }
    }

    /** Checks the enumerated fields every write shares; returns ReturnConsumedCapacity. */
    static String checkWriteEnums(JsonNode request, String returnValues) {
        String capacity = Requests.text(request, "ReturnConsumedCapacity");
        new Constraints()
                .checkEnum(capacity, "returnConsumedCapacity", Requests.CAPACITY_MODES)
                .checkEnum(returnValues, "returnValues", RETURN_VALUES)
                .checkEnum(
                        Requests.text(request, "ReturnItemCollectionMetrics"),
                        "returnItemCollectionMetrics",
                        METRICS)
                .checkEnum(
                        Requests.text(request, "ReturnValuesOnConditionCheckFailure"),
                        "returnValuesOnConditionCheckFailure",
                        ON_FAILURE)
                .throwIfAny();
        return capacity;
    }

    private static void checkPutReturnValues(String returnValues) {
        if (returnValues != null
                && !returnValues.equals("ALL_OLD")
                && !returnValues.equals("NONE")) {
            throw DynamoDbException.validation("ReturnValues can only be ALL_OLD or NONE");
        }
    }

    /** Refuses an item over DynamoDB's 400 KB limit. */
    static void checkItemSize(Map<String, AttributeValue> item) {
        if (AttributeValues.itemSize(item) > MAX_ITEM_BYTES) {
            throw DynamoDbException.validation("Item size has exceeded the maximum allowed size");
        }
    }

    static boolean returnOldOnFailure(JsonNode request) {
        return "ALL_OLD".equals(Requests.text(request, "ReturnValuesOnConditionCheckFailure"));
    }

    static double writeUnits(ItemWriter.Result result, boolean transactional) {
        return Capacity.writeUnits(
                result.before() == null ? 0 : AttributeValues.itemSize(result.before()),
                result.after() == null ? 0 : AttributeValues.itemSize(result.after()),
                transactional);
    }
}
