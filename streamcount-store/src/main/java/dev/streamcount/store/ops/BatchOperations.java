package dev.streamcount.store.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.expression.ExpressionAttributes;
import dev.streamcount.store.expression.Expressions;
import dev.streamcount.store.expression.Projection;
import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.AttributeValues;
import dev.streamcount.store.table.Catalog;
import dev.streamcount.store.table.ItemWrite;
import dev.streamcount.store.table.PrimaryKey;
import dev.streamcount.store.table.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BatchWriteItem and BatchGetItem. Every request is processed, so {@code UnprocessedItems} and
 * {@code UnprocessedKeys} are always empty.
 */
public final class BatchOperations {
    private static final int MAX_WRITES = 25;
    private static final int MAX_READS = 100;

    private final Catalog catalog;

    /** Batch operations on {@code catalog}. */
    public BatchOperations(Catalog catalog) {
        this.catalog = catalog;
    }

    /** One request of a batch as sent: the item of a put, or the key of a delete. */
    private record Parsed(boolean isPut, Map<String, AttributeValue> attributes) {}

    /** One checked write of a batch. */
    private record Write(Table table, PrimaryKey key, Map<String, AttributeValue> item) {}

    /** BatchWriteItem: all writes commit together, under the locks of all their tables. */
    public ObjectNode batchWriteItem(JsonNode request) {
        JsonNode requestItems = Requests.required(request, "RequestItems");
        String capacity = Requests.text(request, "ReturnConsumedCapacity");
        Constraints constraints = new Constraints();
        constraints.checkEnum(capacity, "returnConsumedCapacity", Requests.CAPACITY_MODES);
        constraints.check(
                requestItems.size() >= 1,
                "{}",
                "requestItems",
                "Member must have length greater than or equal to 1");
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int n = e.getValue().size();
            total += n;
            constraints.check(
                    n >= 1 && n <= MAX_WRITES,
                    e.getValue(),
                    "requestItems",
                    "Map value must satisfy constraint: [Member must have length less than or"
                            + " equal to 25, Member must have length greater than or equal to 1]");
        }
        constraints.throwIfAny();
        if (total > MAX_WRITES) {
            throw DynamoDbException.validation(
                    "Too many items requested for the BatchWriteItem call");
        }

        // Parse and check every request before touching any table.
        Map<String, List<Parsed>> parsed = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Requests.checkTableName(e.getKey(), "TableName", "requestItems");
            List<Parsed> tableRequests = new ArrayList<>();
            for (JsonNode one : e.getValue()) {
                JsonNode put = Requests.field(one, "PutRequest");
                JsonNode delete = Requests.field(one, "DeleteRequest");
                if ((put == null) == (delete == null)) {
                    throw DynamoDbException.validation(
                            "Supplied AttributeValue has more than one datatypes set, must contain"
                                    + " exactly one of the supported datatypes");
                }
                if (put != null) {
                    Map<String, AttributeValue> item = Requests.item(put, "Item");
                    ItemOperations.checkItemSize(item);
                    tableRequests.add(new Parsed(true, item));
                } else {
                    tableRequests.add(new Parsed(false, Requests.item(delete, "Key")));
                }
            }
            parsed.put(e.getKey(), tableRequests);
        }

        List<Write> writes = new ArrayList<>();
        Map<String, Table> tables = new LinkedHashMap<>();
        for (Map.Entry<String, List<Parsed>> e : parsed.entrySet()) {
            Table table = catalog.get(e.getKey());
            tables.put(e.getKey(), table);
            Set<PrimaryKey> seen = new HashSet<>();
            for (Parsed one : e.getValue()) {
                Write write =
                        one.isPut()
                                ? put(table, one.attributes())
                                : delete(table, one.attributes());
                if (!seen.add(write.key())) {
                    throw DynamoDbException.validation(
                            "Provided list of item keys contains duplicates");
                }
                writes.add(write);
            }
        }

        Map<String, Double> units = new LinkedHashMap<>();
        try (TableLocks locks = TableLocks.lock(catalog, tables.values())) {
            List<ItemWrite> commit = new ArrayList<>();
            for (Write w : writes) {
                Map<String, AttributeValue> before = w.table().get(w.key());
                commit.add(new ItemWrite(w.table(), w.key(), w.item()));
                units.merge(
                        w.table().name(),
                        Capacity.writeUnits(
                                before == null ? 0 : AttributeValues.itemSize(before),
                                w.item() == null ? 0 : AttributeValues.itemSize(w.item()),
                                false),
                        Double::sum);
            }
            catalog.commit(commit);
        }

        ObjectNode response = Requests.JSON.objectNode();
        response.putObject("UnprocessedItems");
        addCapacities(response, capacity, units);
        return response;
    }

    private static Write put(Table table, Map<String, AttributeValue> item) {
        try {
            table.keySchema().checkItem(item);
        } catch (DynamoDbException e) {
            // In a batch, DynamoDB words every key problem of a put this way.
            if (e.getMessage().contains("Missing the key")
                    || e.getMessage().contains("Type mismatch for key")) {
                throw DynamoDbException.validation(
                        "The provided key element does not match the schema");
            }
            throw e;
        }
        return new Write(table, table.keySchema().keyOf(item), item);
    }

    private static Write delete(Table table, Map<String, AttributeValue> key) {
        return new Write(table, table.keySchema().checkKey(key), null);
    }

    /** BatchGetItem. */
    public ObjectNode batchGetItem(JsonNode request) {
        JsonNode requestItems = Requests.required(request, "RequestItems");
        String capacity = Requests.text(request, "ReturnConsumedCapacity");
        Constraints constraints = new Constraints();
        constraints.checkEnum(capacity, "returnConsumedCapacity", Requests.CAPACITY_MODES);
        constraints.check(
                requestItems.size() >= 1,
                "{}",
                "requestItems",
                "Member must have length greater than or equal to 1");
        constraints.throwIfAny();
        int total = 0;
        for (JsonNode tableRequest : requestItems) {
            total += tableRequest.path("Keys").size();
        }
        if (total > MAX_READS) {
            throw DynamoDbException.validation(
                    "Too many items requested for the BatchGetItem call");
        }

        /** One table's part of the batch, checked. */
        record TableRead(
                Table table, List<PrimaryKey> keys, Projection projection, boolean consistent) {}
        List<TableRead> reads = new ArrayList<>();
        Map<String, Table> tables = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Requests.checkTableName(e.getKey(), "TableName", "requestItems");
            JsonNode tableRequest = e.getValue();
            JsonNode keysJson = Requests.required(tableRequest, "Keys");
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (JsonNode key : keysJson) {
                keys.add(AttributeValues.parseItem(key));
            }
            if (Requests.field(tableRequest, "ProjectionExpression") != null
                    && Requests.field(tableRequest, "AttributesToGet") != null) {
                throw DynamoDbException.validation(
                        "Can not use both expression and non-expression parameters in the same"
                            + " request: Non-expression parameters: {AttributesToGet} Expression"
                            + " parameters: {ProjectionExpression}");
            }
            Requests.refuseLegacy(tableRequest);
            ExpressionAttributes attributes =
                    ExpressionAttributes.parse(
                            Requests.field(tableRequest, "ExpressionAttributeNames"), null);
            String projectionText = Requests.text(tableRequest, "ProjectionExpression");
            Projection projection =
                    projectionText == null
                            ? null
                            : Expressions.projection(projectionText, attributes);
            if (projectionText == null && attributes.hasNames()) {
                throw DynamoDbException.validation(
                        "ExpressionAttributeNames can only be specified when using expressions");
            }
            attributes.checkAllUsed();
            Table table = catalog.get(e.getKey());
            tables.put(e.getKey(), table);
            List<PrimaryKey> primaryKeys = new ArrayList<>();
            Set<PrimaryKey> seen = new HashSet<>();
            for (Map<String, AttributeValue> key : keys) {
                PrimaryKey primaryKey = table.keySchema().checkKey(key);
                if (!seen.add(primaryKey)) {
                    throw DynamoDbException.validation(
                            "Provided list of item keys contains duplicates");
                }
                primaryKeys.add(primaryKey);
            }
            reads.add(
                    new TableRead(
                            table,
                            primaryKeys,
                            projection,
                            tableRequest.path("ConsistentRead").asBoolean(false)));
        }

        ObjectNode response = Requests.JSON.objectNode();
        ObjectNode responses = response.putObject("Responses");
        Map<String, Double> units = new LinkedHashMap<>();
        for (TableRead read : reads) {
            ArrayNode items = responses.putArray(read.table().name());
            double tableUnits = 0;
            for (PrimaryKey key : read.keys()) {
                Map<String, AttributeValue> item = read.table().get(key);
                tableUnits +=
                        Capacity.readUnits(
                                item == null ? 0 : AttributeValues.itemSize(item),
                                read.consistent());
                if (item != null) {
                    items.add(
                            AttributeValues.toJson(
                                    read.projection() == null
                                            ? item
                                            : read.projection().apply(item)));
                }
            }
            units.merge(read.table().name(), tableUnits, Double::sum);
        }
        response.putObject("UnprocessedKeys");
        addCapacities(response, capacity, units);
        return response;
    }

    private static void addCapacities(ObjectNode response, String mode, Map<String, Double> units) {
        if (!"TOTAL".equals(mode) && !"INDEXES".equals(mode)) {
            return;
        }
        ArrayNode list = response.putArray("ConsumedCapacity");
        units.forEach((table, u) -> list.add(Capacity.describe(mode, table, u)));
    }
}
