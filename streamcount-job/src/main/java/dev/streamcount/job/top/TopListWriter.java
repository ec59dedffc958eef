package dev.streamcount.job.top;

import dev.streamcount.job.count.WordCount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Writes the newest completed checkpoint's top list from a thread of its own, so the operator never
 * waits for DynamoDB. Only the newest list matters: one handed over while another is being written
 * replaces any not yet sent. A failed write is retried with backoff until it lands or a newer list
 * replaces it; the write's condition on the checkpoint id makes a late or repeated one harmless.
 */
final class TopListWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopListWriter.class);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private record Wanted(long checkpoint, List<WordCount> words) {}

    private final DynamoDbClient client;
    private final String table;
    private final String name;
    private final int size;
    private final Thread thread;
    private Wanted wanted;
    private long written = -1;
    private volatile boolean closed;

    TopListWriter(DynamoDbClient client, String table, String name, int size) {
        this.client = client;
        this.table = table;
        this.name = name;
        this.size = size;
        this.thread = new Thread(this::run, "streamcount-top-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Writes {@code words} as the list of {@code checkpoint}, which has completed. */
    synchronized void write(long checkpoint, List<WordCount> words) {
        if (wanted == null || checkpoint > wanted.checkpoint) {
            wanted = new Wanted(checkpoint, words);
            notifyAll();
        }
    }

    /** The checkpoint of the newest list written (or found newer in the table), or -1. */
    synchronized long written() {
        return written;
    }

    /** Waits until the newest list handed over is written, for at most {@code timeout}. */
    synchronized boolean awaitWritten(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (wanted != null && written < wanted.checkpoint) {
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
            Wanted next;
            synchronized (this) {
                while (!closed && (wanted == null || written >= wanted.checkpoint)) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                next = wanted;
            }
            try {
                TopTable.put(client, table, name, next.checkpoint, Instant.now(), size, next.words);
                attempt = 0;
                synchronized (this) {
                    written = Math.max(written, next.checkpoint);
                    notifyAll();
                }
            } catch (RuntimeException e) {
                // Every failure is retried: only a newer list or the end of the task stops it.
                attempt++;
                long cap = Math.min(MAX_BACKOFF.toMillis(), 50L << Math.min(attempt, 10));
                long backoff = ThreadLocalRandom.current().nextLong(cap + 1);
                LOG.warn(
                        "Writing the top list of checkpoint {} to {} failed (attempt {}), retrying"
                                + " in {} ms: {}",
                        next.checkpoint,
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
