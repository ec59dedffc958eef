package dev.streamcount.store.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Turns a raw answer into the JSON the suite compares, removing only what legitimately differs
 * between two faithful DynamoDB implementations. Every rule is listed here, with its reason; any
 * other difference is a mismatch.
 */
final class Answers {

    static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /**
     * Fields of a table description that are not compared, each because two faithful
     * implementations legitimately differ there.
     */
    private static final Set<String> IGNORED_TABLE_FIELDS =
            Set.of(
                    // A timestamp: the moment each server created its table.
                    "CreationDateTime",
                    // A random id each server makes up.
                    "TableId",
                    // DynamoDB updates both "approximately every six hours"; dynalite never does
                    // (actions/createTable.js sets 0, nothing changes it), so neither is a
                    // reference.
                    "ItemCount",
                    "TableSizeBytes");

    /**
     * A map or list value echoed in a validation message ("Value '{...}' at 'requestItems' ...").
     * DynamoDB prints such values in its own rendering, dynalite as JSON; dynalite's tests, run
     * against DynamoDB, match non-empty ones with {@code '\\[.+\\]'} and {@code '{.+}'}
     * (test/batchGetItem.js). So only the kind of value (map or list) is compared there; scalar
     * values in messages are compared verbatim.
     */
    private static final Pattern ECHOED_STRUCTURE =
            Pattern.compile("Value '([\\[{])(?![\\]}]' at ').*?' at '", Pattern.DOTALL);

    private Answers() {}

    /**
     * The comparable form of one answer: {@code {"status", "crc32", "body"}}, where crc32 says
     * whether an {@code x-amz-crc32} header was sent and matches the body (the SDK checks it).
     *
     * @param unorderedItems whether {@code Items} is a set here (a Scan over several partitions:
     *     DynamoDB orders partitions by an internal hash that no implementation need copy)
     */
    static ObjectNode normalize(RawDynamoClient.RawAnswer raw, boolean unorderedItems) {
        ObjectNode out = NODES.objectNode();
        out.put("status", raw.status());
        out.put("crc32", crc32State(raw));
        JsonNode body = parse(raw.bodyText());
        if (body == null) {
            out.put("text", raw.bodyText());
            return out;
        }
        out.set("body", normalizeBody(body, unorderedItems));
        return out;
    }

    private static String crc32State(RawDynamoClient.RawAnswer raw) {
        if (raw.crc32() == null) {
            return "absent";
        }
        CRC32 crc = new CRC32();
        crc.update(raw.body());
        return Long.toString(crc.getValue()).equals(raw.crc32().trim())
                ? "present, matches the body"
                : "present, does NOT match the body";
    }

    static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static JsonNode normalizeBody(JsonNode body, boolean unorderedItems) {
        JsonNode copy = canonicalNumbers(body);
        if (copy instanceof ObjectNode object) {
            JsonNode type = object.get("__type");
            if (type != null && type.isTextual()) {
                // The namespace before '#' differs between DynamoDB's services
                // (com.amazonaws.dynamodb.v20120810, com.amazon.coral.validate, ...) and clients
                // read only the part after it.
                String text = type.asText();
                object.put("__type", text.substring(text.indexOf('#') + 1));
            }
            for (String field : List.of("message", "Message")) {
                JsonNode message = object.get(field);
                if (message != null && message.isTextual()) {
                    object.put(
                            field,
                            ECHOED_STRUCTURE
                                    .matcher(message.asText())
                                    .replaceAll(
                                            echoed ->
                                                    "[".equals(echoed.group(1))
                                                            ? "Value '[...]' at '"
                                                            : "Value '{...}' at '"));
                }
            }
            for (String field : List.of("Table", "TableDescription")) {
                if (object.get(field) instanceof ObjectNode table) {
                    normalizeTable(table);
                }
            }
            if (unorderedItems && object.get("Items") instanceof ArrayNode items) {
                sortByText(items);
            }
            if (object.get("Responses") instanceof ObjectNode responses) {
                // BatchGetItem returns each table's items in no specified order.
                responses.forEach(
                        items -> {
                            if (items instanceof ArrayNode array) {
                                sortByText(array);
                            }
                        });
            }
        }
        sortSets(copy);
        return copy;
    }

    private static void normalizeTable(ObjectNode table) {
        table.remove(IGNORED_TABLE_FIELDS);
        JsonNode arn = table.get("TableArn");
        if (arn != null && arn.isTextual()) {
            // arn:aws:dynamodb:REGION:ACCOUNT:table/NAME: region and account are each server's
            // configuration; the resource part is compared.
            String[] parts = arn.asText().split(":", 6);
            if (parts.length == 6) {
                table.put(
                        "TableArn",
                        String.join(
                                ":",
                                parts[0],
                                parts[1],
                                parts[2],
                                "<region>",
                                "<account>",
                                parts[5]));
            }
        }
        if (table.get("BillingModeSummary") instanceof ObjectNode billing) {
            // A timestamp (when the table became on-demand).
            billing.remove("LastUpdateToPayPerRequestDateTime");
        }
        if (table.get("ProvisionedThroughput") instanceof ObjectNode throughput) {
            // Timestamps of the last throughput change.
            throughput.remove(List.of("LastIncreaseDateTime", "LastDecreaseDateTime"));
        }
    }

    /**
     * Rewrites every JSON number as its exact decimal value without trailing zeros: a JSON number
     * has no type, so {@code 1} and {@code 1.0} are the same answer to any client.
     */
    private static JsonNode canonicalNumbers(JsonNode node) {
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue().stripTrailingZeros();
            return NODES.numberNode(value.scale() < 0 ? value.setScale(0) : value);
        }
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            node.fields()
                    .forEachRemaining(e -> copy.set(e.getKey(), canonicalNumbers(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(e -> copy.add(canonicalNumbers(e)));
            return copy;
        }
        return node.deepCopy();
    }

    /** DynamoDB returns the members of SS, NS and BS in no specified order. */
    private static void sortSets(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.size() == 1) {
                Map.Entry<String, JsonNode> only = object.fields().next();
                if (Set.of("SS", "NS", "BS").contains(only.getKey())
                        && only.getValue() instanceof ArrayNode members
                        && allTextual(members)) {
                    sortByText(members);
                    return;
                }
            }
            object.forEach(Answers::sortSets);
        } else if (node instanceof ArrayNode array) {
            array.forEach(Answers::sortSets);
        }
    }

    private static boolean allTextual(ArrayNode array) {
        for (JsonNode member : array) {
            if (!member.isTextual()) {
                return false;
            }
        }
        return true;
    }

    static void sortByText(ArrayNode array) {
        List<JsonNode> members = new ArrayList<>();
        array.forEach(members::add);
        members.sort(Comparator.comparing(Answers::text));
        array.removeAll();
        members.forEach(array::add);
    }

    /** Compact, key-ordered JSON: the canonical text of a node. */
    static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Indented, key-ordered JSON for failure messages. */
    static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(JSON.treeToValue(node, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The paths where two normalized answers differ, as readable lines. */
    static List<String> diff(JsonNode expected, JsonNode actual) {
        List<String> lines = new ArrayList<>();
        diff("$", expected, actual, lines);
        return lines;
    }

    private static void diff(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected == null || actual == null) {
            if (expected != actual) {
                out.add(
                        path
                                + ": dynalite "
                                + (expected == null ? "(absent)" : shorten(text(expected)))
                                + ", store "
                                + (actual == null ? "(absent)" : shorten(text(actual))));
            }
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new java.util.TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                diff(path + "." + name, expected.get(name), actual.get(name), out);
            }
            return;
        }
        if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                diff(path + "[" + i + "]", expected.get(i), actual.get(i), out);
            }
            return;
        }
        if (!expected.equals(actual)) {
            out.add(
                    path
                            + ": dynalite "
                            + shorten(text(expected))
                            + ", store "
                            + shorten(text(actual)));
        }
    }

    /** At most 600 characters of {@code text}: enough for one line of a diff or a transcript. */
    static String shorten(String text) {
        return shorten(text, 600);
    }

    /** At most {@code limit} characters of {@code text}, keeping its start and end. */
    static String shorten(String text, int limit) {
        return text.length() <= limit
                ? text
                : text.substring(0, limit / 2)
                        + " ...("
                        + (text.length() - limit)
                        + " chars)... "
                        + text.substring(text.length() - limit / 2);
    }
}
