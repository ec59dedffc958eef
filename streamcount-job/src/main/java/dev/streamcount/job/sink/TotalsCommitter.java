package dev.streamcount.job.sink;

import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.metrics.StreamCountMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Writes the totals of completed checkpoints to DynamoDB from request threads of its own, so the
 * task that hands them over never waits for DynamoDB: {@link #commit} queues and returns.
 *
 * <p>Safe without any ordering between requests because every write is fenced ({@link
 * FencedWrites}): a total lands only if it is not below the stored one, so writes of one word may
 * land in any order, late, or twice, and the table still only grows. What is queued and not yet
 * confirmed is part of every checkpoint ({@link #unconfirmed()}), so a restored job writes it
 * again.
 */
final class TotalsCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TotalsCommitter.class);

    /**
     * How long a batch of totals may be retried: then the job fails and restarts from its last
     * checkpoint. A write ends within it plus one request's attempt timeout ({@link
     * dev.streamcount.job.aws.DynamoDbClients}), even against an endpoint that never answers.
     */
    static final Duration WRITE_DEADLINE = Duration.ofSeconds(60);

    private final DynamoDbClient client;
    private final FencedWrites writes;
    private final PendingTotals pending = new PendingTotals();
    private final ExecutorService requests;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean fenceReported = new AtomicBoolean();
    private final Runnable progressed;

    private final Counter itemsCommitted;
    private final Counter staleWritesFenced;
    private final Histogram commitLatencyMs;
    private final AtomicLong lastCommitLatencyMs = new AtomicLong();

    // Time with at least one request in flight, for the busy fraction.
    private final Object busyLock = new Object();
    private int inFlight;
    private long busySinceNanos;
    private long busyNanos;

    /**
     * @param progressed called by a request thread after each request it completes
     */
    TotalsCommitter(
            String table,
            CountItemFormat format,
            DynamoDbClient client,
            int maxInFlight,
            MetricGroup metrics,
            Runnable progressed) {
        this.client = client;
        this.progressed = progressed;
        MetricGroup group = StreamCountMetrics.of(metrics);
        // Counted by several request threads at once: Flink's default counter would lose updates
        // (a 10 M-word run reported 400 items fewer than it wrote).
        this.itemsCommitted =
                group.counter(format.metric("itemsCommitted"), new ThreadSafeSimpleCounter());
        this.staleWritesFenced =
                group.counter(format.metric("staleWritesFenced"), new ThreadSafeSimpleCounter());
        Counter retries =
                group.counter(format.metric("commitRetries"), new ThreadSafeSimpleCounter());
        Counter throttled =
                group.counter(format.metric("throttledRequests"), new ThreadSafeSimpleCounter());
        this.commitLatencyMs =
                group.histogram(
                        format.metric("commitLatencyMs"), new DescriptiveStatisticsHistogram(500));
        // CloudWatch takes no histograms: the latest commit's duration, for an alarm there.
        group.gauge(format.metric("lastCommitLatencyMs"), lastCommitLatencyMs::get);
        group.gauge(format.metric("commitBusyMs"), this::busyMillis);
        // The dashboard's "committed" checkpoint: the lowest of this over the subtasks.
        group.gauge(format.metric("committedCheckpoint"), pending::committedThrough);
        this.writes =
                new FencedWrites(
                        client,
                        table,
                        format,
                        Duration.ofMillis(50),
                        Duration.ofSeconds(5),
                        new FencedWrites.Listener() {
                            @Override
                            public void retried() {
                                retries.inc();
                            }

                            @Override
                            public void throttled() {
                                throttled.inc();
                            }

                            @Override
                            public void fenced(String word, long refused, long stored) {
                                if (fenceReported.compareAndSet(false, true)) {
                                    LOG.warn(
                                            "Table {} holds higher totals than this job (first: {}"
                                                + " is {} in the table, {} here): the job restarted"
                                                + " from a checkpoint or savepoint older than what"
                                                + " it wrote (refusing the older totals is what"
                                                + " keeps counts from going down), or it started"
                                                + " without state on a table that has counts; they"
                                                + " stay until this job's pass them. Counted in"
                                                + " staleWritesFenced; to start over, use a new"
                                                + " --table or delete this one.",
                                            table,
                                            format.describe(word),
                                            stored,
                                            refused);
                                }
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
        for (int i = 0; i < maxInFlight; i++) {
            requests.execute(this::sendLoop);
        }
    }

    /** Queues the totals of checkpoint {@code checkpointId}, which has completed. */
    void commit(long checkpointId, Map<String, Long> totals) {
        pending.add(new PendingTotals.Round(checkpointId, System.nanoTime()), totals);
    }

    /** Totals queued or in flight: what a checkpoint must keep. */
    List<WordCount> unconfirmed() {
        return pending.unconfirmed();
    }

    /** Throws the failure of a request thread, if one failed for good. */
    void checkHealthy() throws IOException {
        Throwable t = failure.get();
        if (t != null) {
            throw new IOException("Commit to DynamoDB failed: " + t.getMessage(), t);
        }
    }

    /**
     * Says in one line, at a start without state, that the table already holds counts: the fence
     * then keeps every stored total until this job's passes it. A failed look is only logged: the
     * first write reports an unreachable table.
     */
    void reportExistingCounts(String table) {
        try {
            WordCountTable.anyItem(client, table)
                    .ifPresent(
                            e ->
                                    LOG.warn(
                                            "Table {} already holds counts (e.g. '{}' is {}) and"
                                                + " this job started without a checkpoint or"
                                                + " savepoint: it recounts the topic from"
                                                + " --starting-offsets, and each stored total stays"
                                                + " until this job's passes it (writes never lower"
                                                + " a total). Right if the topic still holds"
                                                + " everything counted; otherwise start over with a"
                                                + " new --table or an emptied one.",
                                            table,
                                            e.getKey(),
                                            e.getValue()));
        } catch (RuntimeException e) {
            LOG.info("Could not look for counts already in table {}: {}", table, e.toString());
        }
    }

    /** Words queued or in flight: the backlog. */
    int backlog() {
        return pending.size();
    }

    /** Waits until every queued total is confirmed, or fails. */
    void drain(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.awaitEmpty(100)) {
            checkHealthy();
            if (System.nanoTime() - deadline > 0) {
                throw new IOException(
                        pending.size()
                                + " totals still unwritten after "
                                + timeout.toSeconds()
                                + "s");
            }
        }
        checkHealthy();
    }

    long busyMillis() {
        synchronized (busyLock) {
            long open = inFlight > 0 ? System.nanoTime() - busySinceNanos : 0;
            return TimeUnit.NANOSECONDS.toMillis(busyNanos + open);
        }
    }

    private void sendLoop() {
        try {
            while (failure.get() == null) {
                List<PendingTotals.Entry> batch = pending.take(FencedWrites.MAX_ITEMS);
                if (batch.isEmpty()) {
                    return; // closed
                }
                busy(+1);
                int fenced;
                try {
                    fenced = writes.write(batch, System.nanoTime() + WRITE_DEADLINE.toNanos());
                } finally {
                    busy(-1);
                }
                itemsCommitted.inc(batch.size() - fenced);
                staleWritesFenced.inc(fenced);
                for (PendingTotals.Round r : pending.confirm(batch)) {
                    completed(r);
                }
                progressed.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private void completed(PendingTotals.Round round) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - round.handedNanos);
        synchronized (commitLatencyMs) {
            commitLatencyMs.update(millis);
        }
        lastCommitLatencyMs.set(millis);
    }

    private void busy(int delta) {
        synchronized (busyLock) {
            long now = System.nanoTime();
            if (inFlight == 0 && delta > 0) {
                busySinceNanos = now;
            }
            inFlight += delta;
            if (inFlight == 0) {
                busyNanos += now - busySinceNanos;
            }
        }
    }

    /**
     * Stops the request threads. A request already sent may still land afterwards: harmless, as its
     * fence keeps it from lowering a total a newer attempt wrote.
     */
    @Override
    public void close() {
        pending.close();
        requests.shutdownNow();
        client.close();
    }
}
