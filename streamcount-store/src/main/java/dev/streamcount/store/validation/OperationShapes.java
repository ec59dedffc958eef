package dev.streamcount.store.validation;

import java.util.List;
import java.util.Map;

/**
 * The request shape of every operation the store serves: DynamoDB's API model (member types and
 * constraints), with members in the order DynamoDB checks and reports them.
 */
public final class OperationShapes {
    private static final String NAME_PATTERN = "[a-zA-Z0-9_.-]+";
    private static final Shape STRING = new Shape.Scalar(Shape.ScalarType.String);
    private static final Shape INTEGER = new Shape.Scalar(Shape.ScalarType.Integer);
    private static final Shape LONG = new Shape.Scalar(Shape.ScalarType.Long);
    private static final Shape BOOLEAN = new Shape.Scalar(Shape.ScalarType.Boolean);
    private static final Shape ATTRIBUTE_MAP =
            new Shape.MapOf("com.amazonaws.dynamodb.v20120810.AttributeValue", null);
    private static final Shape NAME_MAP = new Shape.MapOf("java.lang.String", STRING);
    private static final Shape OPAQUE_MAP =
            new Shape.MapOf("com.amazonaws.dynamodb.v20120810.Condition", null);
    private static final Shape STRING_LIST = new Shape.ListOf(STRING);
    private static final Rule NOT_NULL = new Rule.NotNull();

    private static final Shape.Field CAPACITY =
            field("ReturnConsumedCapacity", STRING, oneOf("INDEXES", "TOTAL", "NONE"));
    private static final Shape.Field TABLE_NAME =
            field(
                    "TableName",
                    STRING,
                    NOT_NULL,
                    new Rule.Matches(NAME_PATTERN),
                    new Rule.MinLength(3),
                    new Rule.MaxLength(255));

    /** Table operations check presence and length with messages of their own, first. */
    private static final Shape.Field TABLE_NAME_OF_TABLE_OPERATION =
            field("TableName", STRING, new Rule.Matches(NAME_PATTERN));

    private static final Shape.Field RETURN_VALUES =
            field(
                    "ReturnValues",
                    STRING,
                    oneOf("ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"));
    private static final Shape.Field METRICS =
            field("ReturnItemCollectionMetrics", STRING, oneOf("SIZE", "NONE"));
    private static final Shape.Field CONDITIONAL_OPERATOR =
            field("ConditionalOperator", STRING, oneOf("OR", "AND"));
    private static final Shape.Field ON_FAILURE =
            field("ReturnValuesOnConditionCheckFailure", STRING, oneOf("ALL_OLD", "NONE"));
    private static final Shape.Field VALUES = field("ExpressionAttributeValues", ATTRIBUTE_MAP);
    private static final Shape.Field NAMES = field("ExpressionAttributeNames", NAME_MAP);
    private static final Shape.Field ATTRIBUTES_TO_GET =
            field("AttributesToGet", STRING_LIST, new Rule.MinLength(1), new Rule.MaxLength(255));
    private static final Shape.Field SELECT =
            field(
                    "Select",
                    STRING,
                    oneOf(
                            "SPECIFIC_ATTRIBUTES",
                            "COUNT",
                            "ALL_ATTRIBUTES",
                            "ALL_PROJECTED_ATTRIBUTES"));
    private static final Shape.Field INDEX_NAME =
            field(
                    "IndexName",
                    STRING,
                    new Rule.Matches(NAME_PATTERN),
                    new Rule.MinLength(3),
                    new Rule.MaxLength(255));
    private static final List<Rule> TABLE_NAME_KEYS =
            List.of(new Rule.MaxLength(255), new Rule.MinLength(3), new Rule.Matches(NAME_PATTERN));
    private static final Shape THROUGHPUT =
            struct(
                    "ProvisionedThroughput",
                    false,
                    field("WriteCapacityUnits", LONG, NOT_NULL, new Rule.Min(1)),
                    field("ReadCapacityUnits", LONG, NOT_NULL, new Rule.Min(1)));
    private static final Shape KEY_SCHEMA_ELEMENT =
            struct(
                    "KeySchemaElement",
                    true,
                    field("AttributeName", STRING, NOT_NULL),
                    field("KeyType", STRING, NOT_NULL, oneOf("HASH", "RANGE")));

    /** Each operation's request shape, and whether it is a table operation. */
    private static final Map<String, Shape.Struct> SHAPES =
            Map.ofEntries(
                    Map.entry(
                            "GetItem",
                            request(
                                    CAPACITY,
                                    ATTRIBUTES_TO_GET,
                                    TABLE_NAME,
                                    field("Key", ATTRIBUTE_MAP, NOT_NULL),
                                    field("ConsistentRead", BOOLEAN),
                                    field("ProjectionExpression", STRING),
                                    NAMES)),
                    Map.entry(
                            "PutItem",
                            request(
                                    CAPACITY,
                                    TABLE_NAME,
                                    field("Item", ATTRIBUTE_MAP, NOT_NULL),
                                    CONDITIONAL_OPERATOR,
                                    field("Expected", OPAQUE_MAP),
                                    RETURN_VALUES,
                                    METRICS,
                                    field("ConditionExpression", STRING),
                                    VALUES,
                                    NAMES,
                                    ON_FAILURE)),
                    Map.entry(
                            "DeleteItem",
                            request(
                                    CAPACITY,
                                    TABLE_NAME,
                                    RETURN_VALUES,
                                    METRICS,
                                    field("Key", ATTRIBUTE_MAP, NOT_NULL),
                                    CONDITIONAL_OPERATOR,
                                    field("Expected", OPAQUE_MAP),
                                    field("ConditionExpression", STRING),
                                    VALUES,
                                    NAMES,
                                    ON_FAILURE)),
                    Map.entry(
                            "UpdateItem",
                            request(
                                    CAPACITY,
                                    TABLE_NAME,
                                    METRICS,
                                    RETURN_VALUES,
                                    field("Key", ATTRIBUTE_MAP, NOT_NULL),
                                    CONDITIONAL_OPERATOR,
                                    field("Expected", OPAQUE_MAP),
                                    field("AttributeUpdates", OPAQUE_MAP),
                                    field("ConditionExpression", STRING),
                                    field("UpdateExpression", STRING),
                                    VALUES,
                                    NAMES,
                                    ON_FAILURE)),
                    Map.entry(
                            "Query",
                            request(
                                    SELECT,
                                    INDEX_NAME,
                                    CAPACITY,
                                    field("QueryFilter", OPAQUE_MAP),
                                    TABLE_NAME,
                                    CONDITIONAL_OPERATOR,
                                    ATTRIBUTES_TO_GET,
                                    field("Limit", INTEGER, new Rule.Min(1)),
                                    field("KeyConditions", OPAQUE_MAP),
                                    field("ExclusiveStartKey", ATTRIBUTE_MAP),
                                    field("ConsistentRead", BOOLEAN),
                                    field("ScanIndexForward", BOOLEAN),
                                    field("KeyConditionExpression", STRING),
                                    field("FilterExpression", STRING),
                                    field("ProjectionExpression", STRING),
                                    VALUES,
                                    NAMES)),
                    Map.entry(
                            "Scan",
                            request(
                                    SELECT,
                                    INDEX_NAME,
                                    field(
                                            "TotalSegments",
                                            INTEGER,
                                            new Rule.Min(1),
                                            new Rule.Max(1_000_000)),
                                    CAPACITY,
                                    TABLE_NAME,
                                    CONDITIONAL_OPERATOR,
                                    field("ScanFilter", OPAQUE_MAP),
                                    field(
                                            "Segment",
                                            INTEGER,
                                            new Rule.Min(0),
                                            new Rule.Max(999_999)),
                                    field("Limit", INTEGER, new Rule.Min(1)),
                                    ATTRIBUTES_TO_GET,
                                    field("ExclusiveStartKey", ATTRIBUTE_MAP),
                                    field("FilterExpression", STRING),
                                    field("ProjectionExpression", STRING),
                                    VALUES,
                                    NAMES,
                                    field("ConsistentRead", BOOLEAN))),
                    Map.entry(
                            "BatchGetItem",
                            request(
                                    CAPACITY,
                                    field(
                                            "RequestItems",
                                            new Shape.MapOf(
                                                    "com.amazonaws.dynamodb.v20120810.KeysAndAttributes",
                                                    struct(
                                                            "KeysAndAttributes",
                                                            true,
                                                            field(
                                                                    "Keys",
                                                                    new Shape.ListOf(null),
                                                                    NOT_NULL,
                                                                    new Rule.MinLength(1),
                                                                    new Rule.MaxLength(100)),
                                                            ATTRIBUTES_TO_GET,
                                                            field("ConsistentRead", BOOLEAN),
                                                            field("ProjectionExpression", STRING),
                                                            NAMES)),
                                            NOT_NULL,
                                            new Rule.MinLength(1),
                                            new Rule.Keys(TABLE_NAME_KEYS)))),
                    Map.entry(
                            "BatchWriteItem",
                            request(
                                    CAPACITY,
                                    METRICS,
                                    field(
                                            "RequestItems",
                                            new Shape.MapOf(
                                                    "java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>",
                                                    new Shape.ListOf(null)),
                                            NOT_NULL,
                                            new Rule.MinLength(1),
                                            new Rule.Keys(TABLE_NAME_KEYS),
                                            new Rule.Values(
                                                    List.of(
                                                            new Rule.MaxLength(25),
                                                            new Rule.MinLength(1)))))),
                    Map.entry(
                            "TransactWriteItems",
                            request(
                                    field(
                                            "TransactItems",
                                            new Shape.ListOf(null),
                                            NOT_NULL,
                                            new Rule.MinLength(1),
                                            new Rule.MaxLength(100)),
                                    CAPACITY,
                                    METRICS,
                                    field(
                                            "ClientRequestToken",
                                            STRING,
                                            new Rule.MinLength(1),
                                            new Rule.MaxLength(36)))),
                    Map.entry(
                            "CreateTable",
                            request(
                                    field(
                                            "AttributeDefinitions",
                                            new Shape.ListOf(
                                                    struct(
                                                            "AttributeDefinition",
                                                            true,
                                                            field(
                                                                    "AttributeName",
                                                                    STRING,
                                                                    NOT_NULL),
                                                            field(
                                                                    "AttributeType",
                                                                    STRING,
                                                                    NOT_NULL,
                                                                    oneOf("B", "N", "S")))),
                                            NOT_NULL),
                                    TABLE_NAME_OF_TABLE_OPERATION,
                                    field(
                                            "BillingMode",
                                            STRING,
                                            oneOf("PROVISIONED", "PAY_PER_REQUEST")),
                                    field("ProvisionedThroughput", THROUGHPUT),
                                    field(
                                            "KeySchema",
                                            new Shape.ListOf(KEY_SCHEMA_ELEMENT),
                                            NOT_NULL,
                                            new Rule.MinLength(1),
                                            new Rule.MaxLength(2)),
                                    field("LocalSecondaryIndexes", new Shape.ListOf(null)),
                                    field("GlobalSecondaryIndexes", new Shape.ListOf(null)))),
                    Map.entry("DeleteTable", request(TABLE_NAME_OF_TABLE_OPERATION)),
                    Map.entry("DescribeTable", request(TABLE_NAME_OF_TABLE_OPERATION)),
                    Map.entry("DescribeTimeToLive", request(TABLE_NAME_OF_TABLE_OPERATION)),
                    Map.entry(
                            "UpdateTimeToLive",
                            request(
                                    TABLE_NAME_OF_TABLE_OPERATION,
                                    field(
                                            "TimeToLiveSpecification",
                                            struct(
                                                    "TimeToLiveSpecification",
                                                    false,
                                                    field("Enabled", BOOLEAN, NOT_NULL),
                                                    field(
                                                            "AttributeName",
                                                            STRING,
                                                            NOT_NULL,
                                                            new Rule.MinLength(1),
                                                            new Rule.MaxLength(255))),
                                            NOT_NULL))),
                    Map.entry(
                            "ListTables",
                            request(
                                    field("Limit", INTEGER, new Rule.Min(1), new Rule.Max(100)),
                                    field(
                                            "ExclusiveStartTableName",
                                            STRING,
                                            new Rule.Matches(NAME_PATTERN),
                                            new Rule.MinLength(3),
                                            new Rule.MaxLength(255)))));

    private OperationShapes() {}

    /** The request shape of {@code operation}, or null if the store has none for it. */
    public static Shape.Struct shapeOf(String operation) {
        return SHAPES.get(operation);
    }

    /** Whether {@code operation} reports a missing or mis-sized TableName in its own words. */
    public static boolean isTableOperation(String operation) {
        return List.of(
                        "CreateTable",
                        "DeleteTable",
                        "DescribeTable",
                        "DescribeTimeToLive",
                        "UpdateTimeToLive")
                .contains(operation);
    }

    private static Shape.Struct request(Shape.Field... fields) {
        return new Shape.Struct("Request", false, List.of(fields));
    }

    private static Shape.Struct struct(String name, boolean valueStruct, Shape.Field... fields) {
        return new Shape.Struct(name, valueStruct, List.of(fields));
    }

    private static Shape.Field field(String name, Shape shape, Rule... rules) {
        return new Shape.Field(name, shape, List.of(rules));
    }

    private static Rule oneOf(String... values) {
        return new Rule.OneOf(List.of(values));
    }
}
