package dev.streamcount.store.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.expression.Condition;
import dev.streamcount.store.expression.KeyCondition;
import dev.streamcount.store.expression.Projection;
import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.AttributeValues;
import dev.streamcount.store.table.Catalog;
import dev.streamcount.store.table.KeySchema;
import dev.streamcount.store.table.PrimaryKey;
import dev.streamcount.store.table.Table;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Query and Scan. Both read items in key order (Query within one partition, either direction), stop
 * after {@code Limit} items read or 1 MB, then filter: {@code Count} counts what passed the filter,
 * {@code ScannedCount} what was read, and {@code LastEvaluatedKey} is the last item read when a
 * limit stopped the read.
 */
public final class QueryScanOperations {
    private static final long MAX_PAGE_BYTES = 1024 * 1024;
    private static final List<String> SELECT =
            List.of("SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES");

    private final Catalog catalog;

    /** Query and Scan on {@code catalog}. */
    public QueryScanOperations(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Query. */
    public ObjectNode query(JsonNode request) {
        String tableName = Requests.tableName(request);
        if (Requests.field(request, "KeyConditionExpression") == null
                && Requests.field(request, "KeyConditions") == null) {
            throw DynamoDbException.validation(
                    "Either the KeyConditions or KeyConditionExpression parameter must be specified"
                            + " in the request.");
        }
        ReadOptions options = readOptions(request);
        ExpressionParams expressions =
                ExpressionParams.parse(
                        request,
                        List.of(
                                "ProjectionExpression",
                                "FilterExpression",
                                "KeyConditionExpression"),
                        List.of(
                                "AttributesToGet",
                                "QueryFilter",
                                "ConditionalOperator",
                                "KeyConditions"));
        checkSelect(options.select, expressions.projection, true);
        Table table = catalog.get(tableName);
        checkNoIndex(request);
        KeySchema schema = table.keySchema();
        Map<String, KeyCondition.Predicate> predicates = expressions.keyCondition.predicates();
        checkKeyCondition(schema, predicates);
        checkFilterOnNonKeys(schema, expressions.filter, request);
        AttributeValue hash = predicates.get(schema.hashName()).values().get(0);
        KeyCondition.Predicate rangePredicate =
                schema.hasRange() ? predicates.get(schema.rangeName()) : null;

        NavigableMap<PrimaryKey, Map<String, AttributeValue>> partition =
                table.items()
                        .subMap(
                                PrimaryKey.partitionStart(hash),
                                true,
                                PrimaryKey.partitionEnd(hash),
                                true);
        boolean forward = request.path("ScanIndexForward").asBoolean(true);
        if (!forward) {
            partition = partition.descendingMap();
        }
        if (options.exclusiveStart != null) {
            PrimaryKey start = startKey(schema, options.exclusiveStart);
            if (!start.hash().equals(hash)) {
                throw DynamoDbException.validation(
                        "The provided starting key is outside query boundaries based on provided"
                                + " conditions");
            }
            partition = partition.tailMap(start, false);
        }
        Page page = new Page(options, expressions);
        for (Map.Entry<PrimaryKey, Map<String, AttributeValue>> e : partition.entrySet()) {
            if (page.full()) {
                break;
            }
            Map<String, AttributeValue> item = e.getValue();
            if (rangePredicate != null && !rangePredicate.test(item.get(schema.rangeName()))) {
                continue;
            }
            page.read(item);
        }
        return page.response(table, schema);
    }

    /** Scan. */
    public ObjectNode scan(JsonNode request) {
        String tableName = Requests.tableName(request);
        ReadOptions options = readOptions(request);
        Integer total = segmentField(request, "TotalSegments");
        Integer segment = segmentField(request, "Segment");
        // Their ranges were checked with the request shape.
        if (segment != null && total == null) {
            throw DynamoDbException.validation(
                    "The TotalSegments parameter is required but was not present in the request"
                            + " when Segment parameter is present");
        }
        if (total != null) {
            if (segment == null) {
                throw DynamoDbException.validation(
                        "The Segment parameter is required but was not present in the request when"
                                + " parameter TotalSegments is present");
            }
            if (segment >= total) {
                throw DynamoDbException.validation(
                        "The Segment parameter is zero-based and must be less than parameter"
                                + " TotalSegments: Segment: "
                                + segment
                                + " is not less than TotalSegments: "
                                + total);
            }
        }
        ExpressionParams expressions =
                ExpressionParams.parse(
                        request,
                        List.of("ProjectionExpression", "FilterExpression"),
                        List.of("AttributesToGet", "ScanFilter", "ConditionalOperator"));
        checkSelect(options.select, expressions.projection, false);
        Table table = catalog.get(tableName);
        checkNoIndex(request);
        KeySchema schema = table.keySchema();
        NavigableMap<PrimaryKey, Map<String, AttributeValue>> items = table.items();
        if (options.exclusiveStart != null) {
            items = items.tailMap(startKey(schema, options.exclusiveStart), false);
        }
        Page page = new Page(options, expressions);
        for (Map.Entry<PrimaryKey, Map<String, AttributeValue>> e : items.entrySet()) {
            if (page.full()) {
                break;
            }
            if (total != null && segmentOf(e.getKey().hash(), total) != segment) {
                continue;
            }
            page.read(e.getValue());
        }
        return page.response(table, schema);
    }

    /**
     * The segment an item belongs to: by its hash key alone, so a partition is never split between
     * segments, as in DynamoDB.
     */
    static int segmentOf(AttributeValue hash, int totalSegments) {
        return Math.floorMod(hash.hashCode() * 0x9E3779B9, totalSegments);
    }

    private static Integer segmentField(JsonNode request, String name) {
        JsonNode node = Requests.field(request, name);
        return node == null ? null : node.asInt();
    }

    /** The options of a read that do not depend on the table. */
    private record ReadOptions(
            String capacity,
            String select,
            Integer limit,
            boolean consistent,
            Map<String, AttributeValue> exclusiveStart) {}

    private static ReadOptions readOptions(JsonNode request) {
        String capacity = Requests.text(request, "ReturnConsumedCapacity");
        String select = Requests.text(request, "Select");
        Constraints constraints = new Constraints();
        constraints.checkEnum(capacity, "returnConsumedCapacity", Requests.CAPACITY_MODES);
        constraints.checkEnum(select, "select", SELECT);
        Integer limit = Requests.positiveInt(request, "Limit", "limit", constraints);
        constraints.throwIfAny();
        JsonNode startJson = Requests.field(request, "ExclusiveStartKey");
        Map<String, AttributeValue> start = null;
        if (startJson != null) {
            try {
                start = AttributeValues.parseItem(startJson);
            } catch (DynamoDbException e) {
                throw e.getMessage() == null
                        ? e
                        : DynamoDbException.validation(
                                "The provided starting key is invalid: " + e.getMessage());
            }
        }
        return new ReadOptions(
                capacity, select, limit, request.path("ConsistentRead").asBoolean(false), start);
    }

    /**
     * DynamoDB's rule: a ProjectionExpression goes only with Select SPECIFIC_ATTRIBUTES, which
     * needs one. DynamoDB words the message with the validation-count prefix for Query only.
     */
    private static void checkSelect(String select, Projection projection, boolean isQuery) {
        String prefix = isQuery ? "1 validation error detected: " : "";
        if ("SPECIFIC_ATTRIBUTES".equals(select) && projection == null) {
            throw DynamoDbException.validation(
                    prefix
                            + "Must specify the AttributesToGet or ProjectionExpression when"
                            + " choosing to get SPECIFIC_ATTRIBUTES");
        }
        if (projection != null && select != null && !"SPECIFIC_ATTRIBUTES".equals(select)) {
            throw DynamoDbException.validation(
                    prefix
                            + "Cannot specify the ProjectionExpression when choosing to get "
                            + select);
        }
        if ("ALL_PROJECTED_ATTRIBUTES".equals(select)) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Select type"
                            + " ALL_PROJECTED_ATTRIBUTES is only supported for secondary indexes");
        }
    }

    private static void checkNoIndex(JsonNode request) {
        String index = Requests.text(request, "IndexName");
        if (index != null) {
            throw DynamoDbException.validation(
                    "The table does not have the specified index: " + index);
        }
    }

    private static void checkKeyCondition(
            KeySchema schema, Map<String, KeyCondition.Predicate> predicates) {
        if (!schema.hasRange() && predicates.size() > 1) {
            throw DynamoDbException.validation("Query key condition not supported");
        }
        for (String attribute :
                schema.hasRange()
                        ? List.of(schema.hashName(), schema.rangeName())
                        : List.of(schema.hashName())) {
            KeyCondition.Predicate predicate = predicates.get(attribute);
            boolean isHash = attribute.equals(schema.hashName());
            if (predicate == null) {
                if (isHash || predicates.size() > 1) {
                    throw DynamoDbException.validation(
                            "Query condition missed key schema element: " + attribute);
                }
                continue;
            }
            var type = isHash ? schema.hashType() : schema.rangeType();
            if (predicate.values().stream().anyMatch(v -> v == null || v.type() != type)) {
                throw DynamoDbException.validation(
                        "One or more parameter values were invalid: Condition parameter type does"
                                + " not match schema type");
            }
            if (isHash && !predicate.operator().equals("=")) {
                throw DynamoDbException.validation("Query key condition not supported");
            }
        }
    }

    private static void checkFilterOnNonKeys(KeySchema schema, Condition filter, JsonNode request) {
        String text = Requests.text(request, "FilterExpression");
        if (filter == null || text == null) {
            return;
        }
        for (String key : new String[] {schema.hashName(), schema.rangeName()}) {
            if (key != null && Condition.pathHeads(filter).contains(key)) {
                throw DynamoDbException.validation(
                        "Filter Expression can only contain non-primary key attributes: Primary key"
                                + " attribute: "
                                + key);
            }
        }
    }

    private static PrimaryKey startKey(KeySchema schema, Map<String, AttributeValue> start) {
        try {
            return schema.checkKey(start);
        } catch (DynamoDbException e) {
            throw DynamoDbException.validation(
                    "The provided starting key is invalid: " + e.getMessage());
        }
    }

    /** One page of results: counts, bytes read, and the items that passed the filter. */
    private static final class Page {
        private final ReadOptions options;
        private final ExpressionParams expressions;
        private final ArrayNode items = Requests.JSON.arrayNode();
        private int scanned;
        private int count;
        private long bytes;
        private Map<String, AttributeValue> last;

        Page(ReadOptions options, ExpressionParams expressions) {
            this.options = options;
            this.expressions = expressions;
        }

        boolean full() {
            return (options.limit != null && scanned >= options.limit) || bytes >= MAX_PAGE_BYTES;
        }

        void read(Map<String, AttributeValue> item) {
            scanned++;
            bytes += AttributeValues.itemSize(item);
            last = item;
            if (expressions.filter != null && !expressions.filter.test(item)) {
                return;
            }
            count++;
            if (!"COUNT".equals(options.select)) {
                Map<String, AttributeValue> returned =
                        expressions.projection == null ? item : expressions.projection.apply(item);
                items.add(AttributeValues.toJson(returned));
            }
        }

        ObjectNode response(Table table, KeySchema schema) {
            ObjectNode response = Requests.JSON.objectNode();
            if (!"COUNT".equals(options.select)) {
                response.set("Items", items);
            }
            response.put("Count", count);
            response.put("ScannedCount", scanned);
            if (full() && last != null) {
                response.set(
                        "LastEvaluatedKey", AttributeValues.toJson(schema.keyAttributes(last)));
            }
            Capacity.add(
                    response,
                    options.capacity,
                    table.name(),
                    Capacity.readUnitsForBytes(bytes, options.consistent));
            return response;
        }
    }
}
