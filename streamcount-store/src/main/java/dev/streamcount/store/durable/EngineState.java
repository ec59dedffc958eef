package dev.streamcount.store.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcount.store.table.ItemWrite;
import dev.streamcount.store.table.TableDefinition;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store's files hold, in memory, and the JSON form of its changes: a change is encoded
 * once into a log record, and the state is rebuilt by applying records, from a snapshot and then
 * the log. Items are kept as their JSON text, which is what a snapshot writes.
 */
final class EngineState {
    /** Items per record of a snapshot, at most. */
    private static final int SNAPSHOT_CHUNK = 1_000;

    /** Item text per record of a snapshot, at most (one item may exceed it alone). */
    private static final long SNAPSHOT_CHUNK_CHARS = 16L << 20;

    /** Table id to definition JSON, in creation order. */
    private final Map<String, String> tables = new LinkedHashMap<>();

    /** Table id to time-to-live attribute. */
    private final Map<String, String> timeToLive = new HashMap<>();

    /** Table id to (engine key to item JSON). */
    private final Map<String, Map<String, String>> items = new HashMap<>();

    /** The log record of {@code change}. */
    static ObjectNode encode(Change change) {
        ObjectNode node = Codec.JSON.createObjectNode();
        if (change instanceof Change.TableCreated c) {
            node.put("op", "create").put("table", Codec.definition(c.definition()));
        } else if (change instanceof Change.TableDeleted d) {
            node.put("op", "delete").put("id", d.definition().tableId());
        } else if (change instanceof Change.TimeToLiveChanged t) {
            node.put("op", "ttl").put("id", t.definition().tableId()).put("attr", t.attribute());
        } else if (change instanceof Change.ItemsWritten w) {
            ArrayNode writes = node.put("op", "items").putArray("writes");
            for (ItemWrite write : w.writes()) {
                ObjectNode one = writes.addObject();
                one.put("id", write.table().definition().tableId());
                one.put("key", Codec.key(write.key()));
                if (write.item() != null) {
                    one.put("item", Codec.item(write.item()));
                }
            }
        }
        return node;
    }

    /** Applies one record, of the log or of a snapshot. */
    void apply(JsonNode change) {
        switch (change.get("op").asText()) {
            case "create" -> {
                String definition = change.get("table").asText();
                tables.put(Codec.parseDefinition(definition).tableId(), definition);
            }
            case "delete" -> {
                String id = change.get("id").asText();
                tables.remove(id);
                timeToLive.remove(id);
                items.remove(id);
            }
            case "ttl" -> {
                String id = change.get("id").asText();
                if (change.hasNonNull("attr")) {
                    timeToLive.put(id, change.get("attr").asText());
                } else {
                    timeToLive.remove(id);
                }
            }
            case "items" -> {
                for (JsonNode write : change.get("writes")) {
                    Map<String, String> tableItems =
                            items.computeIfAbsent(write.get("id").asText(), id -> new HashMap<>());
                    String key = write.get("key").asText();
                    if (write.hasNonNull("item")) {
                        tableItems.put(key, write.get("item").asText());
                    } else {
                        tableItems.remove(key);
                    }
                }
            }
            default -> throw new IllegalStateException("Unknown log entry in the store: " + change);
        }
    }

    /** Every table, for loading into the catalog. */
    List<Engine.StoredTable> tables() {
        List<Engine.StoredTable> stored = new ArrayList<>();
        for (Map.Entry<String, String> e : tables.entrySet()) {
            TableDefinition definition = Codec.parseDefinition(e.getValue());
            Map<String, String> tableItems = items.getOrDefault(e.getKey(), Map.of());
            stored.add(
                    new Engine.StoredTable(
                            definition,
                            timeToLive.get(e.getKey()),
                            () -> tableItems.values().stream().map(Codec::parseItem).iterator()));
        }
        return stored;
    }

    /** Writes the whole state as records that {@link #apply} rebuilds it from. */
    void writeSnapshot(OutputStream out) throws IOException {
        for (Map.Entry<String, String> t : tables.entrySet()) {
            String id = t.getKey();
            LogRecords.write(
                    out,
                    Codec.JSON.createObjectNode().put("op", "create").put("table", t.getValue()));
            if (timeToLive.containsKey(id)) {
                LogRecords.write(
                        out,
                        Codec.JSON
                                .createObjectNode()
                                .put("op", "ttl")
                                .put("id", id)
                                .put("attr", timeToLive.get(id)));
            }
            ObjectNode chunk = null;
            long chars = 0;
            for (Map.Entry<String, String> item : items.getOrDefault(id, Map.of()).entrySet()) {
                if (chunk == null) {
                    chunk = Codec.JSON.createObjectNode().put("op", "items");
                    chunk.putArray("writes");
                    chars = 0;
                }
                ((ArrayNode) chunk.get("writes"))
                        .addObject()
                        .put("id", id)
                        .put("key", item.getKey())
                        .put("item", item.getValue());
                chars += item.getKey().length() + item.getValue().length();
                if (chunk.get("writes").size() == SNAPSHOT_CHUNK || chars >= SNAPSHOT_CHUNK_CHARS) {
                    LogRecords.write(out, chunk);
                    chunk = null;
                }
            }
            if (chunk != null) {
                LogRecords.write(out, chunk);
            }
        }
    }
}
