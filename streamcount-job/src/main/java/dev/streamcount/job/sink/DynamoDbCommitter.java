package dev.streamcount.job.sink;

import dev.streamcount.job.metrics.StreamCountMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes each completed checkpoint's totals to DynamoDB. Flink calls {@link #commit} only after the
 * checkpoint that produced the committables has completed, and again after a recovery for any that
 * were not committed; both are safe because the items are absolute totals.
 *
 * <p><b>The ordering guard.</b> BatchWriteItem cannot be conditional, so order is kept structurally
 * instead: (1) a commit returns, or throws, only after every one of its requests has finished, so
 * no two writes of the same word are ever in flight; (2) Flink commits checkpoints one after
 * another in ascending order, and each committable holds one word at most once with its newest
 * total; (3) {@link #close()} waits for in-flight requests, so a failed attempt's writes cannot
 * land after a restarted attempt has written newer totals. Together: an older total never
 * overwrites a newer one.
 */
final class DynamoDbCommitter implements Committer<CountCommittable> {

    private final DynamoDbClient client;
    private final BatchWriter writer;
    private final ExecutorService requests;
    private final Counter itemsCommitted;
    private final Counter retries;
    private final Counter throttled;
    private final Histogram commitLatencyMs;
    private final Counter commitBusyMs;

    /**
     * How long a commit may retry: its batches stop retrying after this, so a commit ends within it
     * plus one request's attempt timeout ({@link dev.streamcount.job.aws.DynamoDbClients}), however
     * large it is and even against an endpoint that never answers.
     */
    static final Duration COMMIT_DEADLINE = Duration.ofSeconds(60);

    private final AtomicLong pendingItems = new AtomicLong();
    private final AtomicLong lastCommitLatencyMs = new AtomicLong();

    DynamoDbCommitter(String table, DynamoDbClient client, int maxInFlight, MetricGroup metrics) {
        this.client = client;
        MetricGroup group = StreamCountMetrics.of(metrics);
        this.itemsCommitted = group.counter("itemsCommitted");
        this.retries = group.counter("commitRetries");
        this.throttled = group.counter("throttledRequests");
        this.commitLatencyMs =
                group.histogram("commitLatencyMs", new DescriptiveStatisticsHistogram(500));
        this.commitBusyMs = group.counter("commitBusyMs");
        group.gauge("pendingItems", pendingItems::get);
        // CloudWatch takes no histograms: the latest commit's duration, for an alarm there.
        group.gauge("lastCommitLatencyMs", lastCommitLatencyMs::get);
        // Up to 30 attempts a batch, backoff capped at 5 s, and every batch of a commit within
        // COMMIT_DEADLINE: an outage of DynamoDB or the network is retried for a minute, then the
        // commit fails and the job restarts to commit again from its checkpoint.
        this.writer =
                new BatchWriter(
                        client,
                        table,
                        Duration.ofMillis(50),
                        Duration.ofSeconds(5),
                        30,
                        new BatchWriter.Listener() {
                            @Override
                            public void retried() {
                                retries.inc();
                            }

                            @Override
                            public void throttled() {
                                throttled.inc();
                            }
                        });
        this.requests =
                Executors.newFixedThreadPool(
                        maxInFlight,
                        r -> {
                            Thread t = new Thread(r, "streamcount-commit");
                            t.setDaemon(true);
                            return t;
                        });
    }

    @Override
    public void commit(Collection<CommitRequest<CountCommittable>> commitRequests)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + COMMIT_DEADLINE.toNanos();
        // Newest total per word: requests come in checkpoint order, and a later one wins.
        Map<String, Long> totals = new LinkedHashMap<>();
        for (CommitRequest<CountCommittable> request : commitRequests) {
            CountCommittable c = request.getCommittable();
            for (int i = 0; i < c.size(); i++) {
                totals.put(c.word(i), c.total(i));
            }
        }
        if (totals.isEmpty()) {
            return;
        }
        List<Future<?>> inFlight = new ArrayList<>();
        List<WriteRequest> batch = new ArrayList<>(WordCountItem.MAX_BATCH_ITEMS);
        pendingItems.set(totals.size());
        for (Map.Entry<String, Long> e : totals.entrySet()) {
            batch.add(WordCountItem.put(e.getKey(), e.getValue()));
            if (batch.size() == WordCountItem.MAX_BATCH_ITEMS) {
                inFlight.add(submit(batch, deadline));
                batch = new ArrayList<>(WordCountItem.MAX_BATCH_ITEMS);
            }
        }
        if (!batch.isEmpty()) {
            inFlight.add(submit(batch, deadline));
        }
        awaitAll(inFlight);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        commitLatencyMs.update(millis);
        lastCommitLatencyMs.set(millis);
        commitBusyMs.inc(millis);
    }

    private Future<?> submit(List<WriteRequest> batch, long deadlineNanos) {
        return requests.submit(
                () -> {
                    writer.write(batch, deadlineNanos);
                    itemsCommitted.inc(batch.size());
                    pendingItems.addAndGet(-batch.size());
                    return null;
                });
    }

    /**
     * Waits for every request, even after one failed, so none is in flight when a commit returns.
     * If the task is cancelled meanwhile, the requests are cancelled too and {@link #close()} waits
     * for their threads to finish.
     */
    private static void awaitAll(List<Future<?>> inFlight)
            throws IOException, InterruptedException {
        Throwable failure = null;
        try {
            for (Future<?> f : inFlight) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) failure = e.getCause();
                }
            }
        } catch (InterruptedException e) {
            inFlight.forEach(f -> f.cancel(true));
            throw e;
        }
        if (failure != null) {
            throw new IOException("Commit to DynamoDB failed: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() throws Exception {
        requests.shutdownNow();
        // No request of this attempt may land after a restarted attempt writes newer totals.
        if (!requests.awaitTermination(90, TimeUnit.SECONDS)) {
            throw new IOException(
                    "DynamoDB requests still in flight 90s after the committer closed");
        }
        client.close();
    }
}
