package dev.streamcount.store.expression;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.AttributeValues;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request's {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues}, shared by all
 * the expressions of the request, which also records which placeholders they used: DynamoDB refuses
 * a request that defines a placeholder no expression uses.
 */
public final class ExpressionAttributes {
    private static final Pattern NAME_KEY = Pattern.compile("#[0-9a-zA-Z_]+");
    private static final Pattern VALUE_KEY = Pattern.compile(":[0-9a-zA-Z_]+");

    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> unusedNames;
    private final Set<String> unusedValues;

    private ExpressionAttributes(Map<String, String> names, Map<String, AttributeValue> values) {
        this.names = names;
        this.values = values;
        this.unusedNames = new LinkedHashSet<>(names.keySet());
        this.unusedValues = new LinkedHashSet<>(values.keySet());
    }

    /** No placeholders at all. */
    public static ExpressionAttributes none() {
        return new ExpressionAttributes(Map.of(), Map.of());
    }

    /**
     * Reads and checks the two request fields (either may be null).
     *
     * @throws DynamoDbException with DynamoDB's message for an empty map, a malformed key or an
     *     invalid value
     */
    public static ExpressionAttributes parse(JsonNode namesJson, JsonNode valuesJson) {
        Map<String, String> names = new LinkedHashMap<>();
        if (namesJson != null && !namesJson.isNull()) {
            if (namesJson.isEmpty()) {
                throw DynamoDbException.validation("ExpressionAttributeNames must not be empty");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = namesJson.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!NAME_KEY.matcher(e.getKey()).matches()) {
                    throw DynamoDbException.validation(
                            "ExpressionAttributeNames contains invalid key: Syntax error; key: \""
                                    + e.getKey()
                                    + "\"");
                }
                names.put(e.getKey(), e.getValue().asText());
            }
        }
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        if (valuesJson != null && !valuesJson.isNull()) {
            if (valuesJson.isEmpty()) {
                throw DynamoDbException.validation("ExpressionAttributeValues must not be empty");
            }
            for (Iterator<String> it = valuesJson.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!VALUE_KEY.matcher(key).matches()) {
                    throw DynamoDbException.validation(
                            "ExpressionAttributeValues contains invalid key: Syntax error; key: \""
                                    + key
                                    + "\"");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = valuesJson.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                try {
                    values.put(e.getKey(), AttributeValues.parse(e.getValue()));
                } catch (DynamoDbException invalid) {
                    if (invalid.getMessage() == null) {
                        throw invalid;
                    }
                    throw DynamoDbException.validation(
                            "ExpressionAttributeValues contains invalid value: "
                                    + invalid.getMessage()
                                    + " for key "
                                    + e.getKey());
                }
            }
        }
        return new ExpressionAttributes(names, values);
    }

    /** Whether the request defined any names or values. */
    public boolean hasNames() {
        return !names.isEmpty();
    }

    /** The attribute name {@code #ref} stands for, marking it used; null if undefined. */
    String name(String ref) {
        String name = names.get(ref);
        if (name != null) {
            unusedNames.remove(ref);
        }
        return name;
    }

    /** The value {@code :ref} stands for, marking it used; null if undefined. */
    AttributeValue value(String ref) {
        AttributeValue value = values.get(ref);
        if (value != null) {
            unusedValues.remove(ref);
        }
        return value;
    }

    /**
     * Refuses placeholders that no expression of the request used, after all were parsed.
     *
     * @throws DynamoDbException with DynamoDB's message listing them
     */
    public void checkAllUsed() {
        if (!unusedNames.isEmpty()) {
            throw DynamoDbException.validation(
                    "Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                            + String.join(", ", unusedNames)
                            + "}");
        }
        if (!unusedValues.isEmpty()) {
            throw DynamoDbException.validation(
                    "Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                            + String.join(", ", unusedValues)
                            + "}");
        }
    }
}
