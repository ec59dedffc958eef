package dev.streamcount.cli.bench;

import dev.streamcount.cli.RecordProducer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Produce → visible latency: sends marker records, each one new word, at a fixed spacing while a
 * job runs, and reads the table until each marker's count is 1. A marker's latency runs from just
 * before it is sent to the read that first returns it, so it includes up to one read (about 10 ms)
 * of polling delay.
 */
final class LatencyProbe {

    /** Marker latencies in milliseconds, sorted. */
    record Result(long[] sortedMillis) {
        long percentile(double p) {
            // nearest rank
            int rank = (int) Math.ceil(p / 100.0 * sortedMillis.length);
            return sortedMillis[Math.max(0, rank - 1)];
        }

        int count() {
            return sortedMillis.length;
        }
    }

    private LatencyProbe() {}

    /**
     * The marker word for index {@code i}: letters only, starting with "qq", which no generated
     * word does.
     */
    static String marker(String prefix, int i) {
        StringBuilder sb = new StringBuilder("qq").append(prefix);
        int n = i;
        do {
            sb.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return sb.toString();
    }

    /**
     * Sends {@code markers} markers {@code spacing} apart and waits for all to show up.
     *
     * @throws IllegalStateException if a marker is not visible within {@code timeout} of being sent
     */
    static Result measure(
            RecordProducer producer,
            DynamoDbClient client,
            String table,
            String prefix,
            int markers,
            Duration spacing,
            Duration timeout)
            throws InterruptedException {
        TableWatcher watcher = new TableWatcher(client, table);
        Map<String, Long> sentAt = new HashMap<>();
        List<Long> latencies = new ArrayList<>();
        long next = System.nanoTime();
        int sent = 0;
        while (sent < markers || !sentAt.isEmpty()) {
            long now = System.nanoTime();
            if (sent < markers && now >= next) {
                String word = marker(prefix, sent++);
                sentAt.put(word, System.nanoTime());
                producer.send(word.getBytes(StandardCharsets.UTF_8));
                producer.flush();
                next += spacing.toNanos();
            }
            if (!sentAt.isEmpty()) {
                Map<String, Long> seen = watcher.read(sentAt.keySet());
                long readAt = System.nanoTime();
                for (String word : seen.keySet()) {
                    latencies.add((readAt - sentAt.remove(word)) / 1_000_000);
                }
                for (Map.Entry<String, Long> e : sentAt.entrySet()) {
                    if (readAt - e.getValue() > timeout.toNanos()) {
                        throw new IllegalStateException(
                                "marker '"
                                        + e.getKey()
                                        + "' not in "
                                        + table
                                        + " "
                                        + timeout.toSeconds()
                                        + "s after it was sent");
                    }
                }
            }
            Thread.sleep(5); // poll interval
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Result(sorted);
    }
}
