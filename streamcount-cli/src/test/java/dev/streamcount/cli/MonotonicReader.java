package dev.streamcount.cli;

import dev.streamcount.job.sink.WordCountTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A reader that scans the table over and over while a job runs and records every time a word's
 * count is lower than an earlier read of it: what a user polling the table would see go backwards.
 */
final class MonotonicReader implements AutoCloseable {
    private final Supplier<Map<String, Long>> read;
    private final Map<String, Long> highest = new HashMap<>();
    private final List<String> decreases = new ArrayList<>();
    private final AtomicLong scans = new AtomicLong();
    private final AtomicLong failedScans = new AtomicLong();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    MonotonicReader(DynamoDbClient client, String table) {
        this(() -> WordCountTable.scanAll(client, table));
    }

    /** Polls with {@code read}: any map of keys to counts that should only grow. */
    MonotonicReader(Supplier<Map<String, Long>> read) {
        this.read = read;
        executor.scheduleWithFixedDelay(this::scanOnce, 0, 50, TimeUnit.MILLISECONDS);
    }

    private void scanOnce() {
        Map<String, Long> now;
        try {
            now = read.get();
        } catch (RuntimeException e) {
            failedScans.incrementAndGet(); // table not created yet, or DynamoDB down
            return;
        }
        synchronized (this) {
            for (Map.Entry<String, Long> e : now.entrySet()) {
                Long before = highest.get(e.getKey());
                if (before != null && e.getValue() < before) {
                    decreases.add(e.getKey() + ": " + before + " -> " + e.getValue());
                } else {
                    highest.put(e.getKey(), e.getValue());
                }
            }
        }
        scans.incrementAndGet();
    }

    long scans() {
        return scans.get();
    }

    /** Scans that failed: the table was missing or DynamoDB did not answer. */
    long failedScans() {
        return failedScans.get();
    }

    synchronized List<String> decreases() {
        return List.copyOf(decreases);
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
