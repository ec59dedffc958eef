package dev.streamcount.job.count;

import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;

/**
 * An operator that holds output back and {@link #flush()}es it: every interval (a processing-time
 * timer), before a checkpoint barrier passes, and at the end of a bounded input.
 *
 * <p>Flushing before the barrier is what keeps its subclasses exact without any state of their own:
 * everything they took in before the barrier leaves before the barrier does, so the checkpoint
 * covers it downstream; what they took in after it is replayed after a failure.
 *
 * @param <IN> what the operator takes in
 */
public abstract class FlushingOperator<IN> extends AbstractStreamOperator<WordCount>
        implements OneInputStreamOperator<IN, WordCount>, BoundedOneInput, ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    /** How long output may be held; 0 means the subclass emits at once and no timer runs. */
    protected final long intervalMillis;

    protected FlushingOperator(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /** Emits everything held back. */
    protected abstract void flush();

    @Override
    public void open() throws Exception {
        super.open();
        if (intervalMillis > 0) {
            scheduleFlush();
        }
    }

    @Override
    public void onProcessingTime(long time) {
        flush();
        scheduleFlush();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void endInput() {
        flush();
    }

    private void scheduleFlush() {
        ProcessingTimeCallback callback = this;
        getProcessingTimeService()
                .registerTimer(
                        getProcessingTimeService().getCurrentProcessingTime() + intervalMillis,
                        callback);
    }
}
