package dev.streamcount.job;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Keeps each word's running total in keyed state and emits absolute totals, coalesced.
 *
 * <p>Input is keyed by word. Every update adds to the word's {@code long} total in keyed state (the
 * only durable state: checkpointed, restored after failures, rescalable). The new total is also put
 * in an in-memory map of words changed since the last emission, which is emitted (one record per
 * changed word, carrying the absolute total) when:
 *
 * <ul>
 *   <li>the flush interval elapses, so each word is written at most once per interval;
 *   <li>a checkpoint barrier is about to pass ({@link #prepareSnapshotPreBarrier}), so every total
 *       the checkpoint covers reaches the sink before the barrier does — the sink's snapshot, and
 *       an exactly-once sink's committable, then holds exactly the state at that checkpoint;
 *   <li>a bounded input ends.
 * </ul>
 *
 * <p>The map is not checkpointed: after a failure, replaying the input from the checkpoint
 * recomputes everything it held.
 */
public class RunningCountOperator extends AbstractStreamOperator<WordCount>
        implements OneInputStreamOperator<WordCount, WordCount>,
                BoundedOneInput,
                ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    private final long flushIntervalMillis;

    private transient ValueState<Long> total;
    private transient Map<String, Long> changed;
    private transient StreamRecord<WordCount> reuse;
    private transient Counter totalsEmitted;

    /**
     * @param flushInterval how long changed totals may wait before they are emitted; zero emits
     *     every update at once
     */
    public RunningCountOperator(Duration flushInterval) {
        this.flushIntervalMillis = flushInterval.toMillis();
    }

    @Override
    public void open() throws Exception {
        super.open();
        total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", Types.LONG));
        changed = new LinkedHashMap<>();
        reuse = new StreamRecord<>(null);
        totalsEmitted = getMetricGroup().addGroup("streamcount").counter("totalsEmitted");
        if (flushIntervalMillis > 0) {
            scheduleFlush();
        }
    }

    @Override
    public void processElement(StreamRecord<WordCount> element) throws Exception {
        WordCount in = element.getValue();
        Long before = total.value();
        long after = (before == null ? 0 : before) + in.count;
        total.update(after);
        if (flushIntervalMillis > 0) {
            changed.put(in.word, after);
        } else {
            emit(in.word, after);
        }
    }

    @Override
    public void onProcessingTime(long time) {
        emitChanged();
        scheduleFlush();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        emitChanged();
    }

    @Override
    public void endInput() {
        emitChanged();
    }

    private void scheduleFlush() {
        ProcessingTimeCallback callback = this;
        getProcessingTimeService()
                .registerTimer(
                        getProcessingTimeService().getCurrentProcessingTime() + flushIntervalMillis,
                        callback);
    }

    private void emitChanged() {
        for (Map.Entry<String, Long> e : changed.entrySet()) {
            emit(e.getKey(), e.getValue());
        }
        changed.clear();
    }

    private void emit(String word, long count) {
        totalsEmitted.inc();
        output.collect(reuse.replace(new WordCount(word, count)));
    }
}
