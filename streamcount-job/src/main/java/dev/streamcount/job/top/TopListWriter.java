package dev.streamcount.job.top;

import dev.streamcount.job.count.WordCount;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes the lists of completed checkpoints from a thread of its own, so the operator never waits
 * for DynamoDB. Only the newest list of each name matters: one handed over while an older one of
 * that name waits replaces it. A failed write is retried with backoff until it lands or a newer
 * list replaces it; the write's condition on the checkpoint id makes a late or repeated one
 * harmless.
 */
final class TopListWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopListWriter.class);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    /** A list to write: its checkpoint, words and any attributes besides. */
    record Wanted(long checkpoint, List<WordCount> words, Map<String, AttributeValue> extra) {}

    private final DynamoDbClient client;
    private final String table;
    private final int size;
    private final Thread thread;
    private final LinkedHashMap<String, Wanted> wanted = new LinkedHashMap<>();
    private long written = -1;
    private volatile boolean closed;

    TopListWriter(DynamoDbClient client, String table, int size) {
        this.client = client;
        this.table = table;
        this.size = size;
        this.thread = new Thread(this::run, "streamcount-top-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Writes {@code words} as list {@code name} of {@code checkpoint}, which has completed. */
    void write(String name, long checkpoint, List<WordCount> words) {
        write(name, new Wanted(checkpoint, words, Map.of()));
    }

    /** Writes {@code list} as list {@code name}; its checkpoint has completed. */
    synchronized void write(String name, Wanted list) {
        Wanted waiting = wanted.get(name);
        if (waiting == null || list.checkpoint > waiting.checkpoint) {
            wanted.put(name, list);
            notifyAll();
        }
    }

    /** The checkpoint of the newest list written (or found newer in the table), or -1. */
    synchronized long written() {
        return written;
    }

    /** Waits until every list handed over is written, for at most {@code timeout}. */
    synchronized boolean awaitWritten(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!wanted.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        return true;
    }

    private void run() {
        int attempt = 0;
        while (!closed) {
            Map.Entry<String, Wanted> next;
            synchronized (this) {
                while (!closed && wanted.isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                next = wanted.entrySet().iterator().next();
                next = Map.entry(next.getKey(), next.getValue()); // a copy: the map changes
            }
            String name = next.getKey();
            Wanted list = next.getValue();
            try {
                TopTable.put(
                        client,
                        table,
                        name,
                        list.checkpoint,
                        Instant.now(),
                        size,
                        list.words,
                        list.extra);
                attempt = 0;
                synchronized (this) {
                    // Done unless a newer list of that name came meanwhile.
                    wanted.remove(name, list);
                    written = Math.max(written, list.checkpoint);
                    notifyAll();
                }
            } catch (RuntimeException e) {
                // Every failure is retried: only a newer list or the end of the task stops it.
                attempt++;
                long cap = Math.min(MAX_BACKOFF.toMillis(), 50L << Math.min(attempt, 10));
                long backoff = ThreadLocalRandom.current().nextLong(cap + 1);
                LOG.warn(
                        "Writing top list {} of checkpoint {} to {} failed (attempt {}), retrying"
                                + " in {} ms: {}",
                        name,
                        list.checkpoint,
                        table,
                        attempt,
                        backoff,
                        e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        client.close();
    }
}
