package dev.streamcount.cli.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
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
    private static volatile long startNanos;
    private static final AtomicLong ITEMS = new AtomicLong();
    private static final AtomicLongArray PER_BUCKET = new AtomicLongArray(BUCKETS);

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

    /** Items written since this JVM started counting. */
    static long items() {
        return ITEMS.get();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
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
        } else if (request instanceof PutItemRequest || request instanceof UpdateItemRequest) {
            items = 1;
        } else {
            return;
        }
        ITEMS.addAndGet(items);
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
