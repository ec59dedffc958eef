package dev.streamcount.store.table;

import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.Bytes;
import dev.streamcount.store.model.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A table's primary key: the hash attribute and the optional range attribute, with their types, and
 * DynamoDB's checks of keys and items against them.
 *
 * @param hashName the partition key attribute
 * @param hashType its type (S, N or B)
 * @param rangeName the sort key attribute, or null
 * @param rangeType its type, or null
 */
public record KeySchema(String hashName, Type hashType, String rangeName, Type rangeType) {
    private static final int MAX_HASH_BYTES = 2048;
    private static final int MAX_RANGE_BYTES = 1024;

    /** Whether the table has a sort key. */
    public boolean hasRange() {
        return rangeName != null;
    }

    /** Whether {@code attribute} is part of the primary key. */
    public boolean isKeyAttribute(String attribute) {
        return attribute.equals(hashName) || attribute.equals(rangeName);
    }

    /** The key of an item already checked by {@link #checkItem}. */
    public PrimaryKey keyOf(Map<String, AttributeValue> item) {
        return PrimaryKey.of(item.get(hashName), hasRange() ? item.get(rangeName) : null);
    }

    /** The key attributes of an item, as DynamoDB returns a key. */
    public Map<String, AttributeValue> keyAttributes(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(hashName, item.get(hashName));
        if (hasRange()) {
            key.put(rangeName, item.get(rangeName));
        }
        return key;
    }

    /**
     * Checks that an item to write carries the key attributes with the right types.
     *
     * @throws DynamoDbException DynamoDB's message for a missing, mistyped, empty or oversized key
     */
    public void checkItem(Map<String, AttributeValue> item) {
        checkItemAttribute(item, hashName, hashType, true);
        if (hasRange()) {
            checkItemAttribute(item, rangeName, rangeType, false);
        }
    }

    private static void checkItemAttribute(
            Map<String, AttributeValue> item, String name, Type type, boolean isHash) {
        AttributeValue value = item.get(name);
        if (value == null) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Missing the key "
                            + name
                            + " in the item");
        }
        if (value.type() != type) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Type mismatch for key "
                            + name
                            + " expected: "
                            + type
                            + " actual: "
                            + value.type());
        }
        if (isEmpty(value)) {
            throw DynamoDbException.validation(
                    "One or more parameter values are not valid. The AttributeValue for a key"
                            + " attribute cannot contain an empty "
                            + (type == Type.S ? "string" : "binary")
                            + " value. Key: "
                            + name);
        }
        checkSize(value, isHash);
    }

    /**
     * Checks a key given on its own (GetItem, DeleteItem, UpdateItem, ...): exactly the key
     * attributes, with the right types.
     *
     * @throws DynamoDbException {@code "The provided key element does not match the schema"} and
     *     DynamoDB's other key messages
     */
    public PrimaryKey checkKey(Map<String, AttributeValue> key) {
        if (key.size() != (hasRange() ? 2 : 1)) {
            throw mismatch();
        }
        checkKeyAttribute(key, hashName, hashType, true);
        if (hasRange()) {
            checkKeyAttribute(key, rangeName, rangeType, false);
        }
        return keyOf(key);
    }

    private static void checkKeyAttribute(
            Map<String, AttributeValue> key, String name, Type type, boolean isHash) {
        AttributeValue value = key.get(name);
        if (value == null || value.type() != type) {
            throw mismatch();
        }
        if (isEmpty(value)) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: The AttributeValue for a key"
                            + " attribute cannot contain an empty "
                            + (type == Type.S ? "string" : "binary")
                            + " value. Key: "
                            + name);
        }
        checkSize(value, isHash);
    }

    private static boolean isEmpty(AttributeValue value) {
        return (value instanceof AttributeValue.S s && s.value().isEmpty())
                || (value instanceof AttributeValue.B b && b.value().length() == 0);
    }

    private static void checkSize(AttributeValue value, boolean isHash) {
        int bytes;
        if (value instanceof AttributeValue.S s) {
            bytes = dev.streamcount.store.model.AttributeValues.utf8Length(s.value());
        } else if (value instanceof AttributeValue.B b) {
            Bytes v = b.value();
            bytes = v.length();
        } else {
            // Numbers are always small enough.
            return;
        }
        if (isHash && bytes > MAX_HASH_BYTES) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Size of hashkey has exceeded the"
                            + " maximum size limit of2048 bytes");
        }
        if (!isHash && bytes > MAX_RANGE_BYTES) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Aggregated size of all range keys"
                            + " has exceeded the size limit of 1024 bytes");
        }
    }

    private static DynamoDbException mismatch() {
        return DynamoDbException.validation("The provided key element does not match the schema");
    }
}
