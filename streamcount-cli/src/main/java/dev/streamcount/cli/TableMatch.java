package dev.streamcount.cli;

import dev.streamcount.job.sink.WordCountTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Compares a table with expected counts, once or until they match. */
public final class TableMatch {
    private TableMatch() {}

    /** The differences between {@code actual} and {@code expected}, empty if they are equal. */
    public static List<String> differences(Map<String, Long> expected, Map<String, Long> actual) {
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            Long got = actual.get(e.getKey());
            if (!Objects.equals(got, e.getValue())) {
                diffs.add(
                        e.getKey()
                                + ": expected "
                                + e.getValue()
                                + ", table has "
                                + (got == null ? "nothing" : got));
            }
        }
        for (Map.Entry<String, Long> e : actual.entrySet()) {
            if (!expected.containsKey(e.getKey())) {
                diffs.add(e.getKey() + ": not expected, table has " + e.getValue());
            }
        }
        return diffs;
    }

    /** One line: how many words differ, with a few examples. */
    public static String summary(List<String> diffs) {
        return diffs.size()
                + " words differ, e.g. "
                + String.join("; ", diffs.subList(0, Math.min(5, diffs.size())));
    }

    /**
     * Scans {@code table} until it equals {@code expected} or {@code timeout} passes.
     *
     * @return the differences at the last scan: empty when the table matched
     */
    public static List<String> await(
            DynamoDbClient client, String table, Map<String, Long> expected, Duration timeout)
            throws InterruptedException {
        return await(() -> WordCountTable.scanAll(client, table), expected, timeout);
    }

    /**
     * Reads with {@code read} until it equals {@code expected} or {@code timeout} passes.
     *
     * @return the differences at the last read: empty when it matched
     */
    public static List<String> await(
            Supplier<Map<String, Long>> read, Map<String, Long> expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> diffs = differences(expected, read.get());
            if (diffs.isEmpty() || System.nanoTime() > deadline) {
                return diffs;
            }
            Thread.sleep(
                    250); // poll interval, not a wait for a condition: the loop checks the table
        }
    }
}
