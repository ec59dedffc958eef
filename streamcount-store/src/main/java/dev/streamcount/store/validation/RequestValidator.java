package dev.streamcount.store.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.api.ErrorType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a request against its operation's {@link Shape} the way DynamoDB's front end does, in two
 * passes: first the JSON types of every member (a mismatch is a {@code SerializationException}),
 * then the constraints of every field, reported together ({@code "2 validation errors detected:
 * ..."}, at most ten).
 */
public final class RequestValidator {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_REPORTED = 10;

    private RequestValidator() {}

    /**
     * Validates {@code request}.
     *
     * @param shape the operation's request shape
     * @param tableOperation whether a missing or badly sized TableName gets the table operations'
     *     dedicated messages rather than a constraint violation
     * @return the request with members DynamoDB would drop (unknown or null) removed and lenient
     *     values converted ({@code "true"} to true, 2.5 to 2 where an integer is expected)
     * @throws DynamoDbException {@code SerializationException} or {@code ValidationException}
     */
    public static ObjectNode validate(
            JsonNode request, Shape.Struct shape, boolean tableOperation) {
        ObjectNode normalized = (ObjectNode) checkStruct(request, shape);
        if (tableOperation) {
            JsonNode name = normalized.get("TableName");
            if (name == null) {
                throw DynamoDbException.validation(
                        "The parameter 'TableName' is required but was not present in the request");
            }
            int length = name.asText().length();
            if (length < 3 || length > 255) {
                throw DynamoDbException.validation(
                        "TableName must be at least 3 characters long and at most 255 characters"
                                + " long");
            }
        }
        List<String> violations = new ArrayList<>();
        checkFields(normalized, shape.fields(), "", violations);
        if (!violations.isEmpty()) {
            throw DynamoDbException.validation(
                    violations.size()
                            + " validation error"
                            + (violations.size() > 1 ? "s" : "")
                            + " detected: "
                            + String.join("; ", violations));
        }
        return normalized;
    }

    // ---- pass 1: JSON types ----

    private static JsonNode checkType(JsonNode value, Shape shape) {
        if (shape instanceof Shape.Scalar scalar) {
            return checkScalar(value, scalar.type());
        }
        if (shape instanceof Shape.ListOf list) {
            if (!value.isContainerNode()) {
                throw serialization("Unexpected field type");
            }
            if (!value.isArray()) {
                throw serialization("Start of structure or map found where not expected");
            }
            ArrayNode checked = JSON.arrayNode();
            for (JsonNode member : value) {
                checked.add(
                        list.member() == null || member.isNull()
                                ? member
                                : checkType(member, list.member()));
            }
            return checked;
        }
        if (shape instanceof Shape.MapOf map) {
            if (!value.isContainerNode()) {
                throw serialization("Unexpected field type");
            }
            if (value.isArray()) {
                throw serialization(
                        "Unrecognized collection type java.util.Map<java.lang.String, "
                                + map.javaValueType()
                                + ">");
            }
            if (map.value() == null) {
                return value;
            }
            ObjectNode checked = JSON.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                checked.set(
                        e.getKey(),
                        e.getValue().isNull()
                                ? e.getValue()
                                : checkType(e.getValue(), map.value()));
            }
            return checked;
        }
        return checkStruct(value, (Shape.Struct) shape);
    }

    private static JsonNode checkStruct(JsonNode value, Shape.Struct struct) {
        if (!value.isContainerNode()) {
            throw serialization(
                    struct.valueStruct()
                            ? "Unexpected value type in payload"
                            : "Unexpected field type");
        }
        if (value.isArray()) {
            throw serialization(
                    "Unrecognized collection type class com.amazonaws.dynamodb.v20120810."
                            + struct.name());
        }
        ObjectNode checked = JSON.objectNode();
        for (Shape.Field field : struct.fields()) {
            JsonNode member = value.get(field.name());
            if (member != null && !member.isNull()) {
                checked.set(field.name(), checkType(member, field.shape()));
            }
        }
        return checked;
    }

    private static JsonNode checkScalar(JsonNode value, Shape.ScalarType type) {
        if (value.isArray()) {
            throw serialization("Unrecognized collection type class java.lang." + type);
        }
        if (value.isObject()) {
            throw serialization("Start of structure or map found where not expected");
        }
        switch (type) {
            case String:
                if (!value.isTextual()) {
                    throw serialization(describeScalar(value) + " cannot be converted to String");
                }
                return value;
            case Boolean:
                if (value.isBoolean()) {
                    return value;
                }
                if (value.isTextual()) {
                    String text = value.textValue().toUpperCase(Locale.ROOT);
                    if (text.equals("TRUE") || text.equals("1") || text.equals("YES")) {
                        return JSON.booleanNode(true);
                    }
                    if (text.equals("FALSE") || text.equals("0") || text.equals("NO")) {
                        return JSON.booleanNode(false);
                    }
                    throw serialization("Unexpected token received from parser");
                }
                throw serialization(describeScalar(value) + " cannot be converted to Boolean");
            default:
                if (value.isNumber()) {
                    return JSON.numberNode((long) Math.floor(value.asDouble()));
                }
                throw serialization(describeScalar(value) + " cannot be converted to " + type);
        }
    }

    private static String describeScalar(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE";
        }
        if (value.isNumber()) {
            return value.isIntegralNumber() ? "NUMBER_VALUE" : "DECIMAL_VALUE";
        }
        return "STRING_VALUE";
    }

    /** DynamoDB spells this error's message field {@code Message}. */
    private static DynamoDbException serialization(String message) {
        ObjectNode extra = JSON.objectNode();
        extra.put("Message", message);
        return new DynamoDbException(ErrorType.SERIALIZATION, null, extra);
    }

    // ---- pass 2: constraints ----

    private static void checkFields(
            JsonNode data, List<Shape.Field> fields, String parent, List<String> violations) {
        for (Shape.Field field : fields) {
            checkField(
                    field.name(),
                    data == null ? null : data.get(field.name()),
                    field,
                    parent,
                    violations);
        }
    }

    private static void checkField(
            String name,
            JsonNode value,
            Shape.Field field,
            String parent,
            List<String> violations) {
        String path = (parent.isEmpty() ? "" : parent + ".") + lowerFirst(name);
        for (Rule rule : field.rules()) {
            if (violations.size() >= MAX_REPORTED) {
                return;
            }
            if (!(rule instanceof Rule.NotNull) && value == null) {
                continue;
            }
            if (!rule.holds(value)) {
                violations.add(
                        "Value "
                                + (value == null ? "null" : "'" + render(value) + "'")
                                + " at '"
                                + path
                                + "' failed to satisfy constraint: "
                                + rule.constraint());
            }
        }
        if (value == null) {
            return;
        }
        checkChildren(value, field.shape(), path, violations);
    }

    private static void checkChildren(
            JsonNode value, Shape shape, String path, List<String> violations) {
        if (shape instanceof Shape.Struct struct) {
            checkFields(value, struct.fields(), path, violations);
        } else if (shape instanceof Shape.ListOf list
                && list.member() instanceof Shape.Struct member) {
            int i = 1;
            for (JsonNode element : value) {
                checkFields(element, member.fields(), path + "." + i++ + ".member", violations);
            }
        } else if (shape instanceof Shape.MapOf map && map.value() instanceof Shape.Struct member) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                checkFields(
                        e.getValue(),
                        member.fields(),
                        path + "." + e.getKey() + ".member",
                        violations);
            }
        }
    }

    /** A value as DynamoDB echoes it in a violation. */
    private static String render(JsonNode value) {
        if (value.isArray()) {
            List<String> members = new ArrayList<>();
            value.forEach(v -> members.add(render(v)));
            return "[" + String.join(", ", members) + "]";
        }
        if (value.isObject()) {
            return value.toString();
        }
        return value.asText();
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
