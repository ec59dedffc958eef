package dev.streamcount.store.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.api.ErrorType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Converts attribute values and items between DynamoDB's JSON ({@code {"S": "x"}}, {@code {"N":
 * "1"}}, ...) and {@link AttributeValue}, checking them as DynamoDB does, with its messages.
 */
public final class AttributeValues {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AttributeValues() {}

    /** Parses an item: a JSON object of attribute name to attribute value. */
    public static Map<String, AttributeValue> parseItem(JsonNode json) {
        if (!json.isObject()) {
            throw serialization("Start of structure or map found where not expected");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            item.put(field.getKey(), parse(field.getValue()));
        }
        return Collections.unmodifiableMap(item);
    }

    /**
     * Parses one attribute value.
     *
     * @throws DynamoDbException a {@code ValidationException} or {@code SerializationException}
     *     with DynamoDB's message
     */
    public static AttributeValue parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw serialization("Unexpected value type in payload");
        }
        AttributeValue parsed = null;
        int types = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                // The SDK never sends explicit nulls; DynamoDB ignores them.
                continue;
            }
            AttributeValue one = parseTyped(field.getKey(), value);
            if (one != null) {
                parsed = one;
                types++;
            }
        }
        if (types == 0) {
            throw DynamoDbException.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported"
                            + " datatypes");
        }
        if (types > 1) {
            throw DynamoDbException.validation(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly"
                            + " one of the supported datatypes");
        }
        return parsed;
    }

    private static AttributeValue parseTyped(String type, JsonNode value) {
        switch (type) {
            case "S":
                return new AttributeValue.S(text(value, "String"));
            case "N":
                return new AttributeValue.N(Numbers.parse(text(value, "Number")));
            case "B":
                return new AttributeValue.B(binary(value));
            case "BOOL":
                if (!value.isBoolean()) {
                    throw serialization("Unexpected token received from parser");
                }
                return new AttributeValue.Bool(value.booleanValue());
            case "NULL":
                if (!value.isBoolean()) {
                    throw serialization("Unexpected token received from parser");
                }
                if (!value.booleanValue()) {
                    throw DynamoDbException.validation(
                            "One or more parameter values were invalid: Null attribute value types"
                                    + " must have the value of true");
                }
                return AttributeValue.Null.INSTANCE;
            case "M":
                if (!value.isObject()) {
                    throw serialization("Unexpected field type");
                }
                return new AttributeValue.M(parseItem(value));
            case "L":
                {
                    List<AttributeValue> list = new ArrayList<>();
                    for (JsonNode element : array(value)) {
                        list.add(parse(element));
                    }
                    return new AttributeValue.L(Collections.unmodifiableList(list));
                }
            case "SS":
                return stringSet(value);
            case "NS":
                return numberSet(value);
            case "BS":
                return binarySet(value);
            default:
                // DynamoDB's deserialiser drops unknown members.
                return null;
        }
    }

    private static AttributeValue stringSet(JsonNode value) {
        List<String> members = new ArrayList<>();
        for (JsonNode element : array(value)) {
            members.add(text(element, "String"));
        }
        if (members.isEmpty()) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: An string set  may not be empty");
        }
        if (new HashSet<>(members).size() != members.size()) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Input collection "
                            + members.stream().collect(Collectors.joining(", ", "[", "]"))
                            + " contains duplicates.");
        }
        return new AttributeValue.SS(Collections.unmodifiableList(members));
    }

    private static AttributeValue numberSet(JsonNode value) {
        List<AttributeValue.N> members = new ArrayList<>();
        JsonNode elements = array(value);
        if (elements.isEmpty()) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: An number set  may not be empty");
        }
        for (JsonNode element : elements) {
            members.add(new AttributeValue.N(Numbers.parse(text(element, "Number"))));
        }
        if (new HashSet<>(members).size() != members.size()) {
            throw DynamoDbException.validation("Input collection contains duplicates");
        }
        return new AttributeValue.NS(Collections.unmodifiableList(members));
    }

    private static AttributeValue binarySet(JsonNode value) {
        List<Bytes> members = new ArrayList<>();
        for (JsonNode element : array(value)) {
            members.add(binary(element));
        }
        if (members.isEmpty()) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Binary sets should not be empty");
        }
        if (new HashSet<>(members).size() != members.size()) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Input collection "
                            + members.stream()
                                    .map(Bytes::toBase64)
                                    .collect(Collectors.joining(", ", "[", "]"))
                            + "of type BS contains duplicates.");
        }
        return new AttributeValue.BS(Collections.unmodifiableList(members));
    }

    private static JsonNode array(JsonNode value) {
        if (!value.isArray()) {
            throw serialization("Unexpected field type");
        }
        return value;
    }

    private static String text(JsonNode value, String javaType) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            throw serialization(
                    (value.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE")
                            + " cannot be converted to "
                            + javaType);
        }
        if (value.isNumber()) {
            throw serialization(
                    (value.isIntegralNumber() ? "NUMBER_VALUE" : "DECIMAL_VALUE")
                            + " cannot be converted to "
                            + javaType);
        }
        throw serialization("Start of structure or map found where not expected");
    }

    private static Bytes binary(JsonNode value) {
        if (!value.isTextual()) {
            throw serialization("only base-64-encoded strings are convertible to bytes");
        }
        String text = value.textValue();
        if (text.length() % 4 != 0) {
            throw serialization(
                    "Base64 encoded length is expected a multiple of 4 bytes but found: "
                            + text.length());
        }
        try {
            return Bytes.fromBase64(text);
        } catch (IllegalArgumentException e) {
            throw serialization("Invalid last non-pad Base64 character dectected");
        }
    }

    /** A {@code SerializationException}: DynamoDB spells its field {@code Message} here. */
    private static DynamoDbException serialization(String message) {
        ObjectNode extra = JSON.objectNode();
        extra.put("Message", message);
        return new DynamoDbException(ErrorType.SERIALIZATION, null, extra);
    }

    /** Writes an item as DynamoDB JSON. */
    public static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.objectNode();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            node.set(e.getKey(), toJson(e.getValue()));
        }
        return node;
    }

    /** Writes one attribute value as DynamoDB JSON. */
    public static ObjectNode toJson(AttributeValue value) {
        ObjectNode node = JSON.objectNode();
        if (value instanceof AttributeValue.S s) {
            node.put("S", s.value());
        } else if (value instanceof AttributeValue.N n) {
            node.put("N", n.text());
        } else if (value instanceof AttributeValue.B b) {
            node.put("B", b.value().toBase64());
        } else if (value instanceof AttributeValue.Bool b) {
            node.put("BOOL", b.value());
        } else if (value instanceof AttributeValue.Null) {
            node.put("NULL", true);
        } else if (value instanceof AttributeValue.M m) {
            node.set("M", toJson(m.value()));
        } else if (value instanceof AttributeValue.L l) {
            ArrayNode array = node.putArray("L");
            l.value().forEach(v -> array.add(toJson(v)));
        } else if (value instanceof AttributeValue.SS ss) {
            ArrayNode array = node.putArray("SS");
            ss.value().forEach(array::add);
        } else if (value instanceof AttributeValue.NS ns) {
            ArrayNode array = node.putArray("NS");
            ns.value().forEach(n -> array.add(n.text()));
        } else if (value instanceof AttributeValue.BS bs) {
            ArrayNode array = node.putArray("BS");
            bs.value().forEach(b -> array.add(b.toBase64()));
        }
        return node;
    }

    /** The value in DynamoDB's error-message notation, e.g. {@code {S:abc}}. */
    public static String describe(AttributeValue value) {
        if (value instanceof AttributeValue.S s) {
            return "{S:" + s.value() + "}";
        }
        if (value instanceof AttributeValue.N n) {
            return "{N:" + n.text() + "}";
        }
        if (value instanceof AttributeValue.B b) {
            return "{B:" + b.value().toBase64() + "}";
        }
        return "{" + value.type() + ":" + toJson(value).get(value.type().name()) + "}";
    }

    /** The size DynamoDB charges for an item: names plus values, in bytes. */
    public static int itemSize(Map<String, AttributeValue> item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8Length(e.getKey()) + size(e.getValue());
        }
        return size;
    }

    /**
     * The size of one value as DynamoDB documents it: strings and binaries their bytes, numbers
     * about one byte per two significant digits plus one, booleans and nulls one byte, lists and
     * maps three bytes plus one per element plus their contents.
     */
    public static int size(AttributeValue value) {
        if (value instanceof AttributeValue.S s) {
            return utf8Length(s.value());
        }
        if (value instanceof AttributeValue.N n) {
            return numberSize(n);
        }
        if (value instanceof AttributeValue.B b) {
            return b.value().length();
        }
        if (value instanceof AttributeValue.Bool || value instanceof AttributeValue.Null) {
            return 1;
        }
        if (value instanceof AttributeValue.M m) {
            return 3 + m.value().size() + itemSize(m.value());
        }
        if (value instanceof AttributeValue.L l) {
            int size = 3;
            for (AttributeValue v : l.value()) {
                size += 1 + size(v);
            }
            return size;
        }
        if (value instanceof AttributeValue.SS ss) {
            return ss.value().stream().mapToInt(AttributeValues::utf8Length).sum();
        }
        if (value instanceof AttributeValue.NS ns) {
            return ns.value().stream().mapToInt(AttributeValues::numberSize).sum();
        }
        AttributeValue.BS bs = (AttributeValue.BS) value;
        return bs.value().stream().mapToInt(Bytes::length).sum();
    }

    private static int numberSize(AttributeValue.N n) {
        if (n.value().signum() == 0) {
            return 1;
        }
        // Digits are stored two to a byte, aligned on the decimal exponent, plus a byte for the
        // exponent and one for the sign of a negative number (the formula dynalite verified).
        int digits = n.value().precision();
        int exponent = digits - n.value().scale() - 1;
        return 1
                + (digits + 1) / 2
                + ((digits % 2 != 0 || exponent % 2 != 0) ? 0 : 1)
                + (n.value().signum() < 0 ? 1 : 0);
    }

    /** The length of {@code s} in UTF-8 without encoding it. */
    public static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
