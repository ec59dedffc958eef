package dev.streamcount.job.count;

import dev.streamcount.job.metrics.StreamCountMetrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

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
 */
public class RunningCountOperator extends FlushingOperator<WordCount> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> total;
    private transient Map<String, Long> changed;
    private transient StreamRecord<WordCount> reuse;
    private transient Counter totalsEmitted;

    /**
     * @param flushInterval how long changed totals may wait before they are emitted; zero emits
     *     every update at once
     */
    public RunningCountOperator(Duration flushInterval) {
        super(flushInterval.toMillis());
    }

    @Override
    public void open() throws Exception {
        total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", Types.LONG));
        changed = new LinkedHashMap<>();
        reuse = new StreamRecord<>(null);
        totalsEmitted = StreamCountMetrics.of(getMetricGroup()).counter("totalsEmitted");
        super.open();
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
    }
}
