package dev.streamcount.job.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Writes a batch of totals (at most {@value #MAX_ITEMS} distinct words) in one {@code
 * TransactWriteItems} of conditional puts, each fenced by {@link WordCountItem#NOT_LOWER}: a total
 * is written only if the table holds none for the word or one not above it. So no write, however
 * late it lands (a retry of a dead attempt, a restored older checkpoint), can lower a total.
 *
 * <p>An item whose condition fails is <em>fenced</em>: the table already holds a higher total,
 * which is the outcome wanted, so it is counted and dropped, not retried. DynamoDB cancels the
 * whole transaction when one condition fails; the rest is sent again at once. Throttling,
 * transaction conflicts, server errors and I/O errors are retried with exponential backoff and full
 * jitter until the batch's deadline; anything else (validation, access, a missing table) fails at
 * once.
 *
 * <p>Why transactions and not {@code BatchWriteItem} (which cannot be conditional) or one {@code
 * PutItem} per word: measured with {@code bench --store-ceilings} (BENCHMARKS.md), a transaction of
 * 100 fenced puts is the fastest fenced write on the local store (40,800 items/s on disk against
 * 3,698 for single fenced puts with 64 in flight), as it was on DynamoDB Local before; on AWS it
 * costs two write units an item instead of one.
 */
final class FencedWrites {
    private static final Logger LOG = LoggerFactory.getLogger(FencedWrites.class);

    /** DynamoDB's limit of actions in one {@code TransactWriteItems}. */
    static final int MAX_ITEMS = 100;

    /** What the writer counts, for the committer's metrics. */
    interface Listener {
        void retried();

        void throttled();

        /** The table held {@code stored} for {@code word}, above the {@code refused} total. */
        default void fenced(String word, long refused, long stored) {}
    }

    private final DynamoDbClient client;
    private final String table;
    private final Duration baseBackoff;
    private final Duration maxBackoff;
    private final Listener listener;
    private final CountItemFormat format;

    FencedWrites(
            DynamoDbClient client,
            String table,
            Duration baseBackoff,
            Duration maxBackoff,
            Listener listener) {
        this(client, table, CountItemFormat.TOTALS, baseBackoff, maxBackoff, listener);
    }

    FencedWrites(
            DynamoDbClient client,
            String table,
            CountItemFormat format,
            Duration baseBackoff,
            Duration maxBackoff,
            Listener listener) {
        this.client = client;
        this.table = table;
        this.baseBackoff = baseBackoff;
        this.maxBackoff = maxBackoff;
        this.listener = listener;
        this.format = format;
    }

    /**
     * Writes every total of {@code batch} that is not below the stored one, retrying until {@code
     * deadlineNanos} ({@link System#nanoTime()}): the last retry starts before it, so a write ends
     * within it plus one attempt ({@link dev.streamcount.job.aws.DynamoDbClients}), even against an
     * endpoint that never answers.
     *
     * @return how many items were fenced (the table held a higher total)
     * @throws WriteFailedException when an error is permanent or the deadline passed
     */
    int write(List<PendingTotals.Entry> batch, long deadlineNanos)
            throws InterruptedException, WriteFailedException {
        if (batch.size() > MAX_ITEMS) {
            throw new IllegalArgumentException(
                    batch.size() + " items in one transaction, at most " + MAX_ITEMS);
        }
        List<PendingTotals.Entry> pending = batch;
        int fenced = 0;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            try {
                List<TransactWriteItem> puts = puts(pending);
                client.transactWriteItems(b -> b.transactItems(puts));
                return fenced;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (reasons == null || reasons.size() != pending.size()) {
                    throw new WriteFailedException(
                            "DynamoDB cancelled a write to "
                                    + table
                                    + " without a reason per item: "
                                    + e.getMessage(),
                            e);
                }
                List<PendingTotals.Entry> retry = new ArrayList<>(pending.size());
                boolean backOff = false;
                for (int i = 0; i < reasons.size(); i++) {
                    String code = reasons.get(i).code();
                    if ("ConditionalCheckFailed".equals(code)) {
                        fenced++;
                        PendingTotals.Entry refused = pending.get(i);
                        Map<String, AttributeValue> stored = reasons.get(i).item();
                        listener.fenced(
                                refused.word,
                                refused.total,
                                stored == null || !stored.containsKey(WordCountItem.COUNT)
                                        ? -1
                                        : WordCountItem.total(stored));
                    } else if (code == null || "None".equals(code)) {
                        retry.add(pending.get(i));
                    } else if (isTransient(code)) {
                        backOff = true;
                        retry.add(pending.get(i));
                    } else {
                        throw new WriteFailedException(
                                "DynamoDB rejected a write to "
                                        + table
                                        + ": "
                                        + code
                                        + " "
                                        + reasons.get(i).message(),
                                e);
                    }
                }
                pending = retry;
                if (backOff) {
                    Set<String> codes = new TreeSet<>();
                    reasons.forEach(r -> codes.add(String.valueOf(r.code())));
                    if (codes.stream().anyMatch(FencedWrites::isThrottle)) {
                        listener.throttled();
                    }
                    backoff(attempt, deadlineNanos, "transaction cancelled: " + codes, e);
                }
            } catch (AwsServiceException e) {
                if (isThrottling(e)) {
                    listener.throttled();
                    backoff(
                            attempt,
                            deadlineNanos,
                            "throttled: " + e.awsErrorDetails().errorCode(),
                            e);
                } else if (e.statusCode() >= 500) {
                    backoff(attempt, deadlineNanos, "server error " + e.statusCode(), e);
                } else {
                    throw new WriteFailedException(
                            "DynamoDB rejected a write to " + table + ": " + e.getMessage(), e);
                }
            } catch (SdkClientException e) {
                // No response: maybe applied, maybe not. Sending the same totals again is
                // harmless: an applied one now equals the stored total, which the fence lets pass.
                backoff(attempt, deadlineNanos, "no response (" + e.getMessage() + ")", e);
            }
        }
        return fenced;
    }

    private List<TransactWriteItem> puts(List<PendingTotals.Entry> entries) {
        List<TransactWriteItem> puts = new ArrayList<>(entries.size());
        for (PendingTotals.Entry e : entries) {
            puts.add(
                    TransactWriteItem.builder()
                            .put(
                                    Put.builder()
                                            .tableName(table)
                                            .item(format.item(e.word, e.total))
                                            .conditionExpression(WordCountItem.NOT_LOWER)
                                            .returnValuesOnConditionCheckFailure(
                                                    ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                            .expressionAttributeNames(WordCountItem.NOT_LOWER_NAMES)
                                            .expressionAttributeValues(
                                                    Map.of(
                                                            ":n",
                                                            AttributeValue.fromN(
                                                                    Long.toString(e.total))))
                                            .build())
                            .build());
        }
        return puts;
    }

    static boolean isThrottling(AwsServiceException e) {
        if (e.isThrottlingException()) {
            return true;
        }
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return "ProvisionedThroughputExceededException".equals(code)
                || "RequestLimitExceeded".equals(code)
                || "ThrottlingException".equals(code);
    }

    private static boolean isTransient(String code) {
        return "TransactionConflict".equals(code) || isThrottle(code);
    }

    private static boolean isThrottle(String code) {
        return "ThrottlingError".equals(code)
                || "ProvisionedThroughputExceeded".equals(code)
                || "RequestLimitExceeded".equals(code);
    }

    private void backoff(int attempt, long deadlineNanos, String why, Exception cause)
            throws InterruptedException, WriteFailedException {
        long cap =
                Math.min(
                        maxBackoff.toMillis(), baseBackoff.toMillis() << Math.min(attempt - 1, 20));
        long backoff = ThreadLocalRandom.current().nextLong(cap + 1); // full jitter
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff) - deadlineNanos > 0) {
            throw new WriteFailedException(
                    "Giving up on a write to "
                            + table
                            + " after "
                            + attempt
                            + " attempts: its deadline passed; last: "
                            + why,
                    cause);
        }
        listener.retried();
        LOG.warn(
                "DynamoDB write to {} retried in {} ms (attempt {}): {}",
                table,
                backoff,
                attempt,
                why);
        Thread.sleep(backoff);
    }

    /** A write that cannot complete: the job fails and writes again after restoring. */
    static final class WriteFailedException extends Exception {
        WriteFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
