package dev.streamcount.store.durable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.AttributeValues;
import dev.streamcount.store.model.Type;
import dev.streamcount.store.table.KeySchema;
import dev.streamcount.store.table.PrimaryKey;
import dev.streamcount.store.table.TableDefinition;
import java.time.Instant;
import java.util.Map;

/**
 * How tables and items are written in the engine: items and definitions as JSON text (DynamoDB's
 * own item JSON, so a file can be read with any SQLite/H2 tool), keys as a canonical string.
 */
final class Codec {
    static final ObjectMapper JSON = new ObjectMapper();

    private Codec() {}

    /**
     * The engine key of an item. Numbers are canonical ({@code 1}, {@code 1.0} and {@code 10E-1}
     * are the same DynamoDB key, so they must be the same engine key, or a delete by one spelling
     * would leave the item stored under another).
     */
    static String key(PrimaryKey key) {
        StringBuilder b = new StringBuilder();
        appendKeyPart(b, key.hash());
        if (key.range() != null) {
            // A NUL cannot end a key part's text ambiguously: S values are length-prefixed.
            b.append('\u0000');
            appendKeyPart(b, key.range());
        }
        return b.toString();
    }

    private static void appendKeyPart(StringBuilder b, AttributeValue value) {
        if (value instanceof AttributeValue.S s) {
            b.append('S').append(s.value().length()).append(':').append(s.value());
        } else if (value instanceof AttributeValue.N n) {
            b.append('N').append(n.value().stripTrailingZeros().toString());
        } else if (value instanceof AttributeValue.B bytes) {
            b.append('B').append(bytes.value().toBase64());
        } else {
            throw new IllegalArgumentException("Not a key type: " + value);
        }
    }

    /** An item as DynamoDB JSON text. */
    static String item(Map<String, AttributeValue> item) {
        return AttributeValues.toJson(item).toString();
    }

    /** An item read back. */
    static Map<String, AttributeValue> parseItem(String json) {
        return AttributeValues.parseItem(readTree(json));
    }

    /** A table definition as JSON text. */
    static String definition(TableDefinition d) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", d.name());
        KeySchema k = d.keySchema();
        node.put("hashName", k.hashName());
        node.put("hashType", k.hashType().name());
        if (k.hasRange()) {
            node.put("rangeName", k.rangeName());
            node.put("rangeType", k.rangeType().name());
        }
        node.set("attributeDefinitions", d.attributeDefinitions());
        node.put("payPerRequest", d.payPerRequest());
        node.put("readCapacityUnits", d.readCapacityUnits());
        node.put("writeCapacityUnits", d.writeCapacityUnits());
        node.put("created", d.created().toString());
        node.put("tableId", d.tableId());
        return node.toString();
    }

    /** A table definition read back. */
    static TableDefinition parseDefinition(String json) {
        JsonNode n = readTree(json);
        KeySchema keySchema =
                new KeySchema(
                        n.get("hashName").asText(),
                        Type.valueOf(n.get("hashType").asText()),
                        n.hasNonNull("rangeName") ? n.get("rangeName").asText() : null,
                        n.hasNonNull("rangeType")
                                ? Type.valueOf(n.get("rangeType").asText())
                                : null);
        return new TableDefinition(
                n.get("name").asText(),
                keySchema,
                n.get("attributeDefinitions"),
                n.get("payPerRequest").asBoolean(),
                n.get("readCapacityUnits").asLong(),
                n.get("writeCapacityUnits").asLong(),
                Instant.parse(n.get("created").asText()),
                n.get("tableId").asText());
    }

    /** JSON text read back. */
    static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt record in the store's files: " + json, e);
        }
    }
}
