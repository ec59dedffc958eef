package dev.streamcount.job.count;

import dev.streamcount.job.metrics.StreamCountMetrics;
import dev.streamcount.job.top.TopWords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Keeps each word's running total in keyed state and emits absolute totals, coalesced.
 *
 * <p>Input is keyed by word. Every update adds to the word's {@code long} total in keyed state (the
 * only durable state: checkpointed, restored after failures, rescalable). The new total is also put
 * in an in-memory map of words changed since the last emission, which is flushed (one record per
 * changed word, carrying the absolute total) when the flush interval elapses, so each word is
 * written at most once per interval; before a checkpoint barrier passes, so every total the
 * checkpoint covers reaches the sink before the barrier does (the sink's snapshot, and an
 * exactly-once sink's committable, then holds exactly the state at that checkpoint); and at the end
 * of a bounded input ({@link FlushingOperator}).
 *
 * <p>The map is not checkpointed: after a failure, replaying the input from the checkpoint
 * recomputes everything it held.
 *
 * <p>With a top size, each subtask also keeps its own words' top ({@link TopWords}) and sends a
 * total to {@link #TOP_CANDIDATES} only when it enters or moves in that top: a word can be among
 * the job's most frequent only if it is among its subtask's, so the global top sees a few totals
 * instead of all of them. The local top is kept in union state: after a rescale each subtask takes
 * the entries of the words it now owns (lower bounds of their totals, which is all the filter
 * needs). Restored from state saved before this existed, it is rebuilt from the totals in keyed
 * state and sent once.
 */
public class RunningCountOperator extends FlushingOperator<WordCount> {

    private static final long serialVersionUID = 1L;

    /** Totals that entered or moved in their subtask's top: only with a top size. */
    public static final OutputTag<WordCount> TOP_CANDIDATES = new OutputTag<>("top-candidates") {};

    private static final ValueStateDescriptor<Long> TOTAL =
            new ValueStateDescriptor<>("total", Types.LONG);

    private final int topSize;

    private transient ValueState<Long> total;
    private transient TopWords localTop;
    private transient ListState<WordCount> localTopState;
    private transient boolean rebuildTop;
    private transient Map<String, Long> changed;
    private transient StreamRecord<WordCount> reuse;
    private transient Counter totalsEmitted;

    /**
     * @param flushInterval how long changed totals may wait before they are emitted; zero emits
     *     every update at once
     */
    public RunningCountOperator(Duration flushInterval) {
        this(flushInterval, 0);
    }

    /**
     * @param topSize the size of the top to send candidates for, 0 for none
     */
    public RunningCountOperator(Duration flushInterval, int topSize) {
        super(flushInterval.toMillis());
        this.topSize = topSize;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        if (topSize == 0) {
            return;
        }
        localTop = new TopWords(topSize);
        localTopState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        "local-top", TypeInformation.of(WordCount.class)));
        if (context.isRestored()) {
            List<WordCount> saved = new ArrayList<>();
            localTopState.get().forEach(saved::add);
            if (saved.isEmpty()) {
                // State from before the top existed: rebuild it from the totals in open().
                rebuildTop = true;
            }
            for (WordCount wc : saved) {
                if (owned(wc.word)) {
                    localTop.offer(wc.word, wc.count);
                }
            }
        }
    }

    private boolean owned(String word) {
        var task = getRuntimeContext().getTaskInfo();
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(
                        word,
                        task.getMaxNumberOfParallelSubtasks(),
                        task.getNumberOfParallelSubtasks())
                == task.getIndexOfThisSubtask();
    }

    @Override
    public void open() throws Exception {
        total = getRuntimeContext().getState(TOTAL);
        changed = new LinkedHashMap<>();
        reuse = new StreamRecord<>(null);
        totalsEmitted = StreamCountMetrics.of(getMetricGroup()).counter("totalsEmitted");
        super.open();
        if (rebuildTop) {
            this.<String>getKeyedStateBackend()
                    .applyToAllKeys(
                            VoidNamespace.INSTANCE,
                            VoidNamespaceSerializer.INSTANCE,
                            TOTAL,
                            (String word, ValueState<Long> state) ->
                                    localTop.offer(word, state.value()));
            for (WordCount wc : localTop.list()) {
                output.collect(TOP_CANDIDATES, new StreamRecord<>(wc));
            }
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (localTopState != null) {
            localTopState.update(localTop.list());
        }
    }

    @Override
    public void processElement(StreamRecord<WordCount> element) throws Exception {
        WordCount in = element.getValue();
        Long before = total.value();
        long after = (before == null ? 0 : before) + in.count;
        total.update(after);
        if (intervalMillis > 0) {
            changed.put(in.word, after);
        } else {
            emit(in.word, after);
        }
    }

    @Override
    protected void flush() {
        for (Map.Entry<String, Long> e : changed.entrySet()) {
            emit(e.getKey(), e.getValue());
        }
        changed.clear();
    }

    private void emit(String word, long count) {
        totalsEmitted.inc();
        output.collect(reuse.replace(new WordCount(word, count)));
        if (localTop != null && localTop.offer(word, count)) {
            output.collect(TOP_CANDIDATES, new StreamRecord<>(new WordCount(word, count)));
        }
    }
}
