package dev.streamcount.store.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.api.ErrorType;
import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.AttributeValues;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reading request fields with DynamoDB's checks and messages. */
final class Requests {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final List<String> CAPACITY_MODES = List.of("INDEXES", "TOTAL", "NONE");
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    /** Fields of the legacy (pre-expression) API, which this store does not implement. */
    private static final List<String> LEGACY =
            List.of(
                    "Expected",
                    "AttributeUpdates",
                    "AttributesToGet",
                    "KeyConditions",
                    "QueryFilter",
                    "ScanFilter",
                    "ConditionalOperator");

    private Requests() {}

    /** A field, or null when absent or JSON null. */
    static JsonNode field(JsonNode request, String name) {
        JsonNode node = request.get(name);
        return node == null || node.isNull() ? null : node;
    }

    /**
     * A string field, or null.
     *
     * @throws DynamoDbException {@code SerializationException} when it is not a string
     */
    static String text(JsonNode request, String name) {
        JsonNode node = field(request, name);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            ObjectNode extra = JSON.objectNode();
            extra.put(
                    "Message",
                    (node.isNumber()
                                    ? (node.isIntegralNumber() ? "NUMBER_VALUE" : "DECIMAL_VALUE")
                                    : node.isBoolean()
                                            ? (node.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE")
                                            : "START_OBJECT")
                            + " cannot be converted to String");
            throw new DynamoDbException(ErrorType.SERIALIZATION, null, extra);
        }
        return node.textValue();
    }

    /** A required field. */
    static JsonNode required(JsonNode request, String name) {
        JsonNode node = field(request, name);
        if (node == null) {
            throw DynamoDbException.validation(
                    "The parameter '" + name + "' is required but was not present in the request");
        }
        return node;
    }

    /** The {@code TableName}, checked: required, 3 to 255 characters, of the allowed characters. */
    static String tableName(JsonNode request) {
        required(request, "TableName");
        return checkTableName(text(request, "TableName"), "TableName", "tableName");
    }

    /** Checks a table name found in {@code parameter} (at {@code path} in constraint messages). */
    static String checkTableName(String name, String parameter, String path) {
        if (name.length() < 3 || name.length() > 255) {
            throw DynamoDbException.validation(
                    parameter
                            + " must be at least 3 characters long and at most 255 characters"
                            + " long");
        }
        new Constraints()
                .check(
                        TABLE_NAME.matcher(name).matches(),
                        name,
                        path,
                        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
                .throwIfAny();
        return name;
    }

    /** Refuses the legacy parameters, which this store does not implement. */
    static void refuseLegacy(JsonNode request) {
        for (String name : LEGACY) {
            if (field(request, name) != null) {
                throw DynamoDbException.validation(
                        "The legacy parameter "
                                + name
                                + " is not supported by this store; use the expression parameters"
                                + " instead");
            }
        }
    }

    /** An item or key field, parsed. */
    static Map<String, AttributeValue> item(JsonNode request, String name) {
        return AttributeValues.parseItem(required(request, name));
    }

    /** An optional positive integer such as {@code Limit}. */
    static Integer positiveInt(
            JsonNode request, String name, String path, Constraints constraints) {
        JsonNode node = field(request, name);
        if (node == null) {
            return null;
        }
        long value = node.asLong();
        constraints.check(
                value >= 1, value, path, "Member must have value greater than or equal to 1");
        return (int) Math.min(value, Integer.MAX_VALUE);
    }
}
