package dev.streamcount.job.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes one batch of at most {@value WordCountItem#MAX_BATCH_ITEMS} totals with {@code
 * BatchWriteItem} until every item is applied: unprocessed items, throttling, server errors and I/O
 * errors are retried with exponential backoff and full jitter; anything else (validation, access,
 * missing table) fails at once.
 *
 * <p>Retrying is safe because every item is an absolute total: writing it twice (for instance when
 * DynamoDB applied a request but the response was lost) leaves the same value.
 */
final class BatchWriter {
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    /** What the writer counts, for the committer's metrics. */
    interface Listener {
        void retried();

        void throttled();
    }

    private final DynamoDbClient client;
    private final String table;
    private final Duration baseBackoff;
    private final Duration maxBackoff;
    private final int maxAttempts;
    private final Listener listener;

    BatchWriter(
            DynamoDbClient client,
            String table,
            Duration baseBackoff,
            Duration maxBackoff,
            int maxAttempts,
            Listener listener) {
        this.client = client;
        this.table = table;
        this.baseBackoff = baseBackoff;
        this.maxBackoff = maxBackoff;
        this.maxAttempts = maxAttempts;
        this.listener = listener;
    }

    /**
     * Writes {@code items} (at most {@value WordCountItem#MAX_BATCH_ITEMS}, distinct words) or
     * throws once retries are exhausted.
     */
    void write(List<WriteRequest> items) throws InterruptedException, CommitFailedException {
        write(items, Long.MAX_VALUE);
    }

    /**
     * As {@link #write(List)}, giving up also when the next retry would start after {@code
     * deadlineNanos} ({@link System#nanoTime()}): a commit's batches share one deadline, so a
     * commit ends within it plus one attempt, whatever its size and however DynamoDB misbehaves.
     */
    void write(List<WriteRequest> items, long deadlineNanos)
            throws InterruptedException, CommitFailedException {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new CommitFailedException(
                    "The commit's deadline passed before a write to " + table + " was sent", null);
        }
        List<WriteRequest> pending = items;
        for (int attempt = 1; ; attempt++) {
            try {
                List<WriteRequest> sending = pending;
                BatchWriteItemResponse r =
                        client.batchWriteItem(b -> b.requestItems(Map.of(table, sending)));
                List<WriteRequest> unprocessed =
                        r.unprocessedItems().getOrDefault(table, List.of());
                if (unprocessed.isEmpty()) {
                    return;
                }
                pending = new ArrayList<>(unprocessed);
                retryOrFail(
                        attempt,
                        deadlineNanos,
                        pending.size() + " of " + items.size() + " items unprocessed",
                        null);
            } catch (AwsServiceException e) {
                if (isThrottling(e)) {
                    listener.throttled();
                    retryOrFail(
                            attempt,
                            deadlineNanos,
                            "throttled: " + e.awsErrorDetails().errorCode(),
                            e);
                } else if (e.statusCode() >= 500) {
                    retryOrFail(attempt, deadlineNanos, "server error " + e.statusCode(), e);
                } else {
                    throw new CommitFailedException(
                            "DynamoDB rejected a write to " + table + ": " + e.getMessage(), e);
                }
            } catch (SdkClientException e) {
                // No response: maybe applied, maybe not. Resending the same absolute totals is
                // harmless.
                retryOrFail(attempt, deadlineNanos, "no response (" + e.getMessage() + ")", e);
            }
        }
    }

    private void retryOrFail(int attempt, long deadlineNanos, String why, Exception cause)
            throws InterruptedException, CommitFailedException {
        if (attempt >= maxAttempts) {
            throw new CommitFailedException(
                    "Giving up on a write to " + table + " after " + attempt + " attempts: " + why,
                    cause);
        }
        long cap =
                Math.min(
                        maxBackoff.toMillis(), baseBackoff.toMillis() << Math.min(attempt - 1, 20));
        long backoff = ThreadLocalRandom.current().nextLong(cap + 1); // full jitter
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff) - deadlineNanos > 0) {
            throw new CommitFailedException(
                    "Giving up on a write to "
                            + table
                            + " after "
                            + attempt
                            + " attempts: the commit's deadline passed; last: "
                            + why,
                    cause);
        }
        listener.retried();
        LOG.warn(
                "DynamoDB write to {} retried in {} ms (attempt {} of {}): {}",
                table,
                backoff,
                attempt,
                maxAttempts,
                why);
        Thread.sleep(backoff);
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

    /**
     * A commit that cannot complete: the job fails and re-commits after restoring its checkpoint.
     */
    static final class CommitFailedException extends Exception {
        CommitFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
