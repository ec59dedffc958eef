package dev.streamcount.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Fault injection at the committer's client seam: wraps a real client of the store and, by a seeded
 * plan, throttles in bursts, cancels a transaction with a conflict, applies a write but loses its
 * response, delays calls so concurrent requests complete out of order, fails fatally after writing
 * half a batch, or holds the first write until the test releases it. Every fault is counted in
 * {@link Counts}, so a test can prove it fired.
 */
final class FaultyDynamoDbClient implements DynamoDbClient {

    /** What to inject; probabilities per TransactWriteItems call. */
    record Plan(
            double throttleBurst,
            double conflict,
            double responseLost,
            double delay,
            int maxDelayMillis,
            int fatalEveryNthCall,
            boolean holdFirstWrite)
            implements java.io.Serializable {
        static Plan none() {
            return new Plan(0, 0, 0, 0, 0, 0, false);
        }
    }

    /** Faults fired, across every client of a test (the MiniCluster runs in this JVM). */
    static final class Counts {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong throttled = new AtomicLong();
        final AtomicLong conflicts = new AtomicLong();
        final AtomicLong held = new AtomicLong();
        final AtomicLong heldWords = new AtomicLong();
        final AtomicLong lateFenced = new AtomicLong();
        final AtomicLong fenced = new AtomicLong();

        /** Set by a test: writes wait while it is true. */
        volatile boolean paused;

        /** Set by a test: the next write of more than one total fails after writing half. */
        final java.util.concurrent.atomic.AtomicBoolean failNext =
                new java.util.concurrent.atomic.AtomicBoolean();

        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch lateDone = new CountDownLatch(1);
        volatile DynamoDbClient lateClient;
        final AtomicLong responsesLost = new AtomicLong();
        final AtomicLong delayed = new AtomicLong();
        final AtomicLong fatal = new AtomicLong();

        @Override
        public String toString() {
            return "calls="
                    + calls
                    + " throttled="
                    + throttled
                    + " conflicts="
                    + conflicts
                    + " held="
                    + held
                    + " lateFenced="
                    + lateFenced
                    + " fenced="
                    + fenced
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

    /** The request held by {@link Plan#holdFirstWrite()}, per test. */
    static final Map<String, TransactWriteItemsRequest> HELD = new ConcurrentHashMap<>();

    private final DynamoDbClient real;
    private final Plan plan;
    private final Counts counts;
    private final String runId;
    private final Random random;
    private final AtomicInteger burstLeft = new AtomicInteger();

    FaultyDynamoDbClient(DynamoDbClient real, Plan plan, String testId, long seed) {
        this.real = real;
        this.plan = plan;
        this.counts = COUNTS.computeIfAbsent(testId, k -> new Counts());
        this.runId = testId;
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
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        long call = counts.calls.incrementAndGet();
        while (counts.paused) {
            LockSupport.parkNanos(10_000_000);
        }
        if (plan.holdFirstWrite() && counts.held.compareAndSet(0, 1)) {
            return holdThenSend(request);
        }
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
        List<TransactWriteItem> items = request.transactItems();
        boolean planned =
                plan.fatalEveryNthCall() > 0
                        && call % plan.fatalEveryNthCall() == 0
                        && counts.fatal.get() < MAX_FATAL;
        if (items.size() > 1 && (planned || counts.failNext.compareAndSet(true, false))) {
            // Part of the totals are written, then the write fails for good.
            real.transactWriteItems(b -> b.transactItems(items.subList(0, items.size() / 2)));
            counts.fatal.incrementAndGet();
            throw DynamoDbException.builder()
                    .message("injected fatal failure after a partial write")
                    .statusCode(400)
                    .awsErrorDetails(
                            AwsErrorDetails.builder().errorCode("ValidationException").build())
                    .build();
        }
        if (roll() < plan.conflict()) {
            // Another transaction held one of the items: DynamoDB cancels, nothing is written.
            counts.conflicts.incrementAndGet();
            int victim = (int) (roll() * items.size());
            List<CancellationReason> reasons = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                reasons.add(
                        CancellationReason.builder()
                                .code(i == victim ? "TransactionConflict" : "None")
                                .build());
            }
            throw TransactionCanceledException.builder()
                    .message("injected transaction conflict")
                    .statusCode(400)
                    .cancellationReasons(reasons)
                    .build();
        }
        TransactWriteItemsResponse response;
        try {
            response = real.transactWriteItems(request);
        } catch (TransactionCanceledException e) {
            counts.fenced.addAndGet(fenced(e));
            throw e;
        }
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

    /**
     * A request already on the wire when its attempt died: it reaches DynamoDB only when the test
     * releases it, through a client of the test's that outlives this attempt, whatever happened to
     * the job meanwhile (interrupts cannot recall it).
     */
    private TransactWriteItemsResponse holdThenSend(TransactWriteItemsRequest request) {
        counts.heldWords.set(request.transactItems().size());
        HELD.put(runId, request);
        boolean interrupted = false;
        while (true) {
            try {
                counts.release.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            return counts.lateClient.transactWriteItems(request);
        } catch (TransactionCanceledException e) {
            counts.lateFenced.addAndGet(fenced(e));
            throw e;
        } finally {
            counts.lateDone.countDown();
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Items DynamoDB refused because the table held a higher total. */
    private static long fenced(TransactionCanceledException e) {
        return e.cancellationReasons().stream()
                .filter(r -> "ConditionalCheckFailed".equals(r.code()))
                .count();
    }

    /** Reads pass through unchanged: faults are injected into writes only. */
    @Override
    public ScanResponse scan(ScanRequest request) {
        return real.scan(request);
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
