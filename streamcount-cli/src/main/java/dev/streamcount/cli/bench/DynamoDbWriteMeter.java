package dev.streamcount.cli.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Counts the DynamoDB items every client in this JVM writes — the official Flink sink's,
 * streamcount's committer's, the benchmark's own — so {@code bench} measures writes the same way
 * for every pipeline, at the SDK, not through each pipeline's own metrics.
 *
 * <p>An item counts once DynamoDB has applied it: a successful {@code PutItem} or {@code
 * UpdateItem}, or a {@code BatchWriteItem} entry not returned as unprocessed. Requests that failed
 * are not counted; items written again by a retry are, as DynamoDB bills them.
 *
 * <p>The SDK loads this class for every client from {@code
 * software/amazon/awssdk/global/handlers/execution.interceptors}. It does nothing unless {@link
 * #enable()} was called, which only {@code bench} does.
 */
public final class DynamoDbWriteMeter implements ExecutionInterceptor {

    /** Items are also counted per 100 ms since {@link #enable()}, to tell when writing went on. */
    private static final long BUCKET_NANOS = 100_000_000L;

    private static final int BUCKETS =
            10 * 60 * 60 * 4; // four hours; later writes land in the last

    private static volatile boolean enabled;

    /** Marks a request counted as in flight, so its end is counted once, however it ends. */
    private static final ExecutionAttribute<Boolean> COUNTED =
            new ExecutionAttribute<>("streamcount.bench.counted");

    private static volatile long startNanos;
    private static final AtomicLong ITEMS = new AtomicLong();
    private static final AtomicLong LAST_WRITE = new AtomicLong();
    private static final AtomicLongArray PER_BUCKET = new AtomicLongArray(BUCKETS);

    // Time with at least one write request in flight, across every client in this JVM.
    private static final Object BUSY_LOCK = new Object();
    private static int inFlight;
    private static long busySinceNanos;
    private static long busyNanos;

    /**
     * Nanoseconds so far during which at least one write request was in flight: the difference of
     * two readings over the time between them is how busy the store was kept.
     */
    static long busyNanos() {
        synchronized (BUSY_LOCK) {
            return busyNanos + (inFlight > 0 ? System.nanoTime() - busySinceNanos : 0);
        }
    }

    /** Starts counting, in this JVM. */
    static void enable() {
        startNanos = System.nanoTime();
        enabled = true;
    }

    /**
     * Seconds between two {@link System#nanoTime()} readings during which items were written, in
     * 100 ms steps: the time spent writing, for a rate that leaves out the time nothing was
     * written.
     */
    static double writingSeconds(long fromNanos, long toNanos) {
        int busy = 0;
        for (int b = bucket(fromNanos); b <= bucket(toNanos); b++) {
            if (PER_BUCKET.get(b) > 0) busy++;
        }
        return busy * (BUCKET_NANOS / 1e9);
    }

    private static int bucket(long nanos) {
        return (int) Math.max(0, Math.min(BUCKETS - 1, (nanos - startNanos) / BUCKET_NANOS));
    }

    /** When the latest write that applied an item completed ({@link System#nanoTime()}). */
    static long lastWriteNanos() {
        return LAST_WRITE.get();
    }

    /** Items written since this JVM started counting. */
    static long items() {
        return ITEMS.get();
    }

    private static boolean isWrite(SdkRequest request) {
        return request instanceof BatchWriteItemRequest
                || request instanceof TransactWriteItemsRequest
                || request instanceof PutItemRequest
                || request instanceof UpdateItemRequest;
    }

    private static void inFlight(int delta) {
        synchronized (BUSY_LOCK) {
            long now = System.nanoTime();
            if (inFlight == 0 && delta > 0) {
                busySinceNanos = now;
            }
            inFlight += delta;
            if (inFlight == 0 && delta < 0) {
                busyNanos += now - busySinceNanos;
            }
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (enabled && isWrite(context.request())) {
            attributes.putAttribute(COUNTED, Boolean.TRUE);
            inFlight(+1);
        }
    }

    @Override
    public void onExecutionFailure(
            Context.FailedExecution context, ExecutionAttributes attributes) {
        if (attributes.getAttribute(COUNTED) != null) {
            inFlight(-1);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (attributes.getAttribute(COUNTED) != null) {
            inFlight(-1);
        }
        if (!enabled) {
            return;
        }
        SdkRequest request = context.request();
        SdkResponse response = context.response();
        long items;
        if (request instanceof BatchWriteItemRequest batch) {
            items = writes(batch.requestItems());
            if (response instanceof BatchWriteItemResponse r && r.hasUnprocessedItems()) {
                items -= writes(r.unprocessedItems());
            }
        } else if (request instanceof TransactWriteItemsRequest transact) {
            items = transact.transactItems().size();
        } else if (request instanceof PutItemRequest || request instanceof UpdateItemRequest) {
            items = 1;
        } else {
            return;
        }
        ITEMS.addAndGet(items);
        long now = System.nanoTime();
        LAST_WRITE.accumulateAndGet(now, (a, b) -> a == 0 || b - a > 0 ? b : a);
        PER_BUCKET.addAndGet(bucket(System.nanoTime()), items);
    }

    private static long writes(Map<String, List<WriteRequest>> byTable) {
        long n = 0;
        for (List<WriteRequest> requests : byTable.values()) {
            n += requests.size();
        }
        return n;
    }
}
