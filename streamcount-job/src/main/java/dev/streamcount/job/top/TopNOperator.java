package dev.streamcount.job.top;

import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.sink.DynamoDbClientProvider;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The job's top list, exactly once: one subtask takes the candidates every running-count subtask
 * sends ({@code RunningCountOperator.TOP_CANDIDATES}), keeps the top ({@link TopWords}), and at
 * each checkpoint sets its list aside; when the checkpoint completes, that list is written ({@link
 * TopListWriter}). The running counts flush before the barrier, so the list set aside at checkpoint
 * {@code n} is the top of the totals of checkpoint {@code n}: the very totals the committer writes
 * for {@code n}. The list lives in operator state; a restored job writes its list again.
 */
final class TopNOperator extends TopListOperator {

    private static final long serialVersionUID = 1L;

    private transient TopWords top;
    private transient boolean changed;
    private transient TreeMap<Long, List<WordCount>> awaiting;
    private transient ListState<WordCount> state;

    TopNOperator(String table, int size, DynamoDbClientProvider clients) {
        super(table, size, clients);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        top = new TopWords(size);
        awaiting = new TreeMap<>();
        state =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "top", TypeInformation.of(WordCount.class)));
        for (WordCount wc : state.get()) {
            top.offer(wc.word, wc.count);
        }
        startWriter("topCheckpointWritten");
        if (context.isRestored()) {
            // The list of a completed checkpoint: it may be written now.
            writer.write(
                    TopTable.ALL_TIME, context.getRestoredCheckpointId().orElse(0), top.list());
        }
    }

    @Override
    public void processElement(StreamRecord<WordCount> element) {
        WordCount total = element.getValue();
        changed |= top.offer(total.word, total.count);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<WordCount> list = top.list();
        state.update(list);
        if (changed || writer.written() < 0) {
            awaiting.put(context.getCheckpointId(), list);
            changed = false;
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        Map.Entry<Long, List<WordCount>> newest = awaiting.floorEntry(checkpointId);
        if (newest != null) {
            writer.write(TopTable.ALL_TIME, checkpointId, newest.getValue());
            awaiting.headMap(checkpointId, true).clear();
        }
    }
}
