package dev.streamcount.store.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Consumed capacity as AWS documents it: a write costs one unit per started KB of the larger of the
 * old and new item (two for a transactional write); a read one unit per started 4 KB when strongly
 * consistent, half that when eventually consistent (two when transactional).
 */
final class Capacity {
    private Capacity() {}

    /** Write units for an item write, from the sizes before and after (0 when absent). */
    static double writeUnits(int oldSize, int newSize, boolean transactional) {
        int kilobytes = Math.max(1, ceilDiv(Math.max(oldSize, newSize), 1024));
        return transactional ? 2.0 * kilobytes : kilobytes;
    }

    /**
     * Read units for reading one item of {@code bytes}; reading an absent item (0 bytes) still
     * costs a unit, as AWS documents.
     */
    static double readUnits(long bytes, boolean consistent) {
        return readUnitsForBytes(Math.max(1, bytes), consistent);
    }

    /** Read units for a Query or Scan that read {@code bytes} in all (nothing read: nothing). */
    static double readUnitsForBytes(long bytes, boolean consistent) {
        long blocks = (bytes + 4095) / 4096;
        return consistent ? blocks : blocks / 2.0;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * Adds {@code ConsumedCapacity} to {@code response} when {@code mode} asks for it: TOTAL gives
     * the total, INDEXES also breaks it down (all of it to the table: there are no indexes).
     */
    static void add(ObjectNode response, String mode, String table, double units) {
        ObjectNode capacity = describe(mode, table, units);
        if (capacity != null) {
            response.set("ConsumedCapacity", capacity);
        }
    }

    /** The {@code ConsumedCapacity} object for one table, or null when not asked for. */
    static ObjectNode describe(String mode, String table, double units) {
        if (!"TOTAL".equals(mode) && !"INDEXES".equals(mode)) {
            return null;
        }
        ObjectNode capacity = Requests.JSON.objectNode();
        capacity.put("TableName", table);
        putUnits(capacity, units);
        if ("INDEXES".equals(mode)) {
            putUnits(capacity.putObject("Table"), units);
        }
        return capacity;
    }

    private static void putUnits(ObjectNode node, double units) {
        // DynamoDB writes whole units without a fraction: 1, not 1.0.
        if (units == Math.rint(units)) {
            node.put("CapacityUnits", (long) units);
        } else {
            node.put("CapacityUnits", units);
        }
    }
}
