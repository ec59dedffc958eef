package dev.streamcount.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Fault injection at the committer's client seam: wraps a real DynamoDB Local client and, by a
 * seeded plan, throttles in bursts, leaves part of a batch unprocessed, applies a write but loses
 * its response, delays calls so concurrent requests complete out of order, or fails fatally after
 * writing half a batch. Every fault is counted in {@link Counts}, so a test can prove it fired.
 */
final class FaultyDynamoDbClient implements DynamoDbClient {

    /** What to inject; probabilities per BatchWriteItem call. */
    record Plan(
            double throttleBurst,
            double partial,
            double responseLost,
            double delay,
            int maxDelayMillis,
            int fatalEveryNthCall)
            implements java.io.Serializable {
        static Plan none() {
            return new Plan(0, 0, 0, 0, 0, 0);
        }
    }

    /** Faults fired, across every client of a test (the MiniCluster runs in this JVM). */
    static final class Counts {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong throttled = new AtomicLong();
        final AtomicLong partial = new AtomicLong();
        final AtomicLong responsesLost = new AtomicLong();
        final AtomicLong delayed = new AtomicLong();
        final AtomicLong fatal = new AtomicLong();

        @Override
        public String toString() {
            return "calls="
                    + calls
                    + " throttled="
                    + throttled
                    + " partial="
                    + partial
                    + " responsesLost="
                    + responsesLost
                    + " delayed="
                    + delayed
                    + " fatal="
                    + fatal;
        }
    }

    /**
     * Commit failures are finite: a write that fails for good on every attempt would crash-loop, as
     * it should.
     */
    static final int MAX_FATAL = 2;

    static final Map<String, Counts> COUNTS = new ConcurrentHashMap<>();

    private final DynamoDbClient real;
    private final Plan plan;
    private final Counts counts;
    private final Random random;
    private final AtomicInteger burstLeft = new AtomicInteger();

    FaultyDynamoDbClient(DynamoDbClient real, Plan plan, String testId, long seed) {
        this.real = real;
        this.plan = plan;
        this.counts = COUNTS.computeIfAbsent(testId, k -> new Counts());
        this.random = new Random(seed);
    }

    private synchronized double roll() {
        return random.nextDouble();
    }

    private synchronized int delayMillis() {
        return random.nextInt(plan.maxDelayMillis() + 1);
    }

    /** The injected latency: holds this call, so concurrent calls complete in another order. */
    private void delay() {
        counts.delayed.incrementAndGet();
        LockSupport.parkNanos(delayMillis() * 1_000_000L);
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        long call = counts.calls.incrementAndGet();
        if (burstLeft.get() > 0 || roll() < plan.throttleBurst()) {
            if (burstLeft.get() <= 0) burstLeft.set(3);
            burstLeft.decrementAndGet();
            counts.throttled.incrementAndGet();
            throw ProvisionedThroughputExceededException.builder()
                    .message("injected throttling")
                    .statusCode(400)
                    .awsErrorDetails(
                            AwsErrorDetails.builder()
                                    .errorCode("ProvisionedThroughputExceededException")
                                    .build())
                    .build();
        }
        if (plan.delay() > 0 && roll() < plan.delay()) {
            delay();
        }
        String table = request.requestItems().keySet().iterator().next();
        List<WriteRequest> items = request.requestItems().get(table);
        if (plan.fatalEveryNthCall() > 0
                && call % plan.fatalEveryNthCall() == 0
                && items.size() > 1
                && counts.fatal.get() < MAX_FATAL) {
            // Part of the committable is written, then the commit fails for good.
            real.batchWriteItem(
                    b -> b.requestItems(Map.of(table, items.subList(0, items.size() / 2))));
            counts.fatal.incrementAndGet();
            throw DynamoDbException.builder()
                    .message("injected fatal failure after a partial write")
                    .statusCode(400)
                    .awsErrorDetails(
                            AwsErrorDetails.builder().errorCode("ValidationException").build())
                    .build();
        }
        if (items.size() > 1 && roll() < plan.partial()) {
            int applied = 1 + (int) (roll() * (items.size() - 1));
            real.batchWriteItem(b -> b.requestItems(Map.of(table, items.subList(0, applied))));
            counts.partial.incrementAndGet();
            return BatchWriteItemResponse.builder()
                    .unprocessedItems(
                            Map.of(table, new ArrayList<>(items.subList(applied, items.size()))))
                    .build();
        }
        BatchWriteItemResponse response = real.batchWriteItem(request);
        if (roll() < plan.responseLost()) {
            counts.responsesLost.incrementAndGet();
            throw SdkClientException.create(
                    "injected: the write was applied but its response was lost");
        }
        if (plan.delay() > 0 && roll() < plan.delay()) {
            delay();
        }
        return response;
    }

    @Override
    public String serviceName() {
        return real.serviceName();
    }

    @Override
    public void close() {
        real.close();
    }
}
