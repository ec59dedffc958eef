package dev.streamcount.job.sink;

import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.metrics.StreamCountMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Exactly-once totals in DynamoDB: each checkpoint's totals are written once that checkpoint has
 * completed, by a {@link TotalsCommitter} off the task thread.
 *
 * <p>Runs chained after the running count, so the totals it takes in are its own input's and the
 * task only ever puts them in a map: counting never waits for DynamoDB. At a checkpoint, what came
 * in since the last one is set aside under that checkpoint's id; when Flink reports the checkpoint
 * complete it goes to the committer. Every checkpoint holds what is set aside and what the
 * committer has not confirmed yet, so after a failure the restored job writes it again; restored
 * totals belong to a completed checkpoint, so they are written at once.
 *
 * <p>Memory does not grow with the vocabulary. The totals a subtask holds unwritten — changed since
 * the last checkpoint, set aside for a checkpoint not yet complete, queued for DynamoDB — are one
 * per word; once they reach {@code maxBacklog}, counting pauses (the task yields to its mailbox)
 * until the request threads have written enough, and Kafka reading slows down through Flink's
 * backpressure. So each checkpoint takes in only what DynamoDB can take, and a barrier waits behind
 * a pause only until one request completes. The wait cannot deadlock: it only waits while the
 * committer has totals of completed checkpoints to write, which it writes without the task. With
 * nothing queued (at a start, or when DynamoDB keeps up) it does not pause: then the words changed
 * in one checkpoint interval are the bound.
 *
 * <p>Writes are fenced ({@link FencedWrites}): one that would lower a word's total is refused by
 * DynamoDB. So a late write of a dead attempt, a re-commit after restoring an older checkpoint or
 * savepoint, or two subtasks writing one word after a rescale can never make a reader see a total
 * go down.
 */
final class CommitOnCheckpointOperator extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<WordCount, Void> {

    private static final long serialVersionUID = 1L;

    /** How often the task checks that the committer has not failed. */
    private static final long HEALTH_CHECK_MILLIS = 200;

    /** How long a normal end (stop with a savepoint) waits for the last totals to be written. */
    private static final Duration FINAL_DRAIN = Duration.ofMinutes(5);

    private final String table;
    private final CountItemFormat format;
    private final DynamoDbClientProvider clients;
    private final int maxInFlight;
    private final int maxBacklog;
    private final boolean reportExistingCounts;
    private final transient MailboxExecutor mailbox;

    private transient Map<String, Long> sinceCheckpoint;
    private transient TreeMap<Long, Map<String, Long>> awaitingCompletion;
    private transient long awaitingWords;
    private transient ListState<WordCount> uncommitted;
    private transient TotalsCommitter committer;
    private transient Counter countingPausedMs;
    private transient volatile boolean pausedForBacklog;

    CommitOnCheckpointOperator(
            CommitOnCheckpointOperatorFactory settings, StreamOperatorParameters<Void> parameters) {
        this.table = settings.table;
        this.format = settings.format;
        this.clients = settings.clients;
        this.maxInFlight = settings.maxInFlight;
        this.maxBacklog = settings.maxBacklog;
        this.reportExistingCounts = settings.reportExistingCounts;
        this.mailbox = parameters.getMailboxExecutor();
        // What AbstractStreamOperator(parameters) does on Flink 2.x; 1.20 has no such constructor.
        // The time service first: 2.x's setup() hands it to the runtime context.
        setProcessingTimeService(parameters.getProcessingTimeService());
        setup(parameters.getContainingTask(), parameters.getStreamConfig(), parameters.getOutput());
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        sinceCheckpoint = new HashMap<>();
        awaitingCompletion = new TreeMap<>();
        uncommitted =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "uncommitted-totals", TypeInformation.of(WordCount.class)));
        committer =
                new TotalsCommitter(
                        table,
                        format,
                        clients.create(),
                        maxInFlight,
                        getMetricGroup(),
                        this::progressed);
        MetricGroup metrics = StreamCountMetrics.of(getMetricGroup());
        countingPausedMs = metrics.counter(format.metric("countingPausedMs"));
        // Read off the task thread: a recent value, not an exact one.
        metrics.gauge(format.metric("pendingItems"), this::unwritten);
        if (reportExistingCounts
                && !context.isRestored()
                && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            committer.reportExistingCounts(table);
        }
        if (context.isRestored()) {
            // From a completed checkpoint: everything in it may be written now.
            Map<String, Long> restored = new HashMap<>();
            for (WordCount wc : uncommitted.get()) {
                restored.merge(wc.word, wc.count, Math::max);
            }
            committer.commit(context.getRestoredCheckpointId().orElse(-1), restored);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        scheduleHealthCheck();
    }

    @Override
    public void processElement(StreamRecord<WordCount> element) throws Exception {
        WordCount total = element.getValue();
        // A word's totals only grow and arrive in order from its one running-count subtask.
        sinceCheckpoint.put(total.word, total.count);
        if (unwritten() >= maxBacklog && committer.backlog() > 0) {
            awaitBacklogBelowLimit();
        }
    }

    /**
     * Totals this subtask holds and has not written: since the last checkpoint, set aside, queued.
     */
    private long unwritten() {
        return (long) sinceCheckpoint.size() + awaitingWords + committer.backlog();
    }

    /**
     * Yields to the mailbox until the unwritten totals are below the limit, or the committer has
     * written everything it was given (then only a checkpoint can free more, and a checkpoint needs
     * the task to go on). Woken by the request threads as they confirm writes, and by the health
     * check, which ends the wait if the committer failed. Only this operator's mails run meanwhile
     * (mailbox priority): no upstream timer can call back into {@link #processElement}.
     */
    private void awaitBacklogBelowLimit() throws Exception {
        long start = System.nanoTime();
        pausedForBacklog = true;
        try {
            while (unwritten() >= maxBacklog && committer.backlog() > 0) {
                committer.checkHealthy();
                mailbox.yield();
            }
        } finally {
            pausedForBacklog = false;
            countingPausedMs.inc(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    /** Called by request threads after each confirmed request. */
    private void progressed() {
        if (pausedForBacklog) {
            try {
                mailbox.execute(() -> {}, "commit backlog shrank");
            } catch (RejectedExecutionException e) {
                // The task is ending: nobody is waiting any more.
            }
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        committer.checkHealthy();
        if (!sinceCheckpoint.isEmpty()) {
            awaitingCompletion.put(context.getCheckpointId(), sinceCheckpoint);
            awaitingWords += sinceCheckpoint.size();
            sinceCheckpoint = new HashMap<>();
        }
        uncommitted.clear();
        for (Map<String, Long> totals : awaitingCompletion.values()) {
            for (Map.Entry<String, Long> e : totals.entrySet()) {
                uncommitted.add(new WordCount(e.getKey(), e.getValue()));
            }
        }
        uncommitted.addAll(committer.unconfirmed());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        committer.checkHealthy();
        // This checkpoint subsumes any earlier one that never completed: hand over theirs too,
        // newer totals last so they win.
        Map<String, Long> totals = null;
        for (Iterator<Map<String, Long>> it =
                        awaitingCompletion.headMap(checkpointId, true).values().iterator();
                it.hasNext(); ) {
            Map<String, Long> next = it.next();
            awaitingWords -= next.size();
            if (totals == null) {
                totals = next;
            } else {
                totals.putAll(next);
            }
            it.remove();
        }
        // Handed over even when empty: the committed checkpoint moves on with nothing to write.
        committer.commit(checkpointId, totals != null ? totals : Map.of());
    }

    /**
     * When the task ends normally — a stop with a savepoint, or the end of a bounded input — waits
     * until the totals of its last checkpoint are written, so the table is exact once the job has
     * stopped. When it fails or is cancelled, stops at once: those totals are in the checkpoint and
     * are written again by the restored job.
     */
    @Override
    public void close() throws Exception {
        try {
            if (committer != null
                    && !getContainingTask().isCanceled()
                    && !getContainingTask().isFailing()) {
                committer.drain(FINAL_DRAIN);
            }
        } finally {
            if (committer != null) {
                committer.close();
            }
            super.close();
        }
    }

    private void scheduleHealthCheck() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService()
                .registerTimer(
                        now + HEALTH_CHECK_MILLIS,
                        t -> {
                            committer.checkHealthy();
                            scheduleHealthCheck();
                        });
    }
}
