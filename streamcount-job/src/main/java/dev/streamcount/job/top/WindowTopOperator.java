package dev.streamcount.job.top;

import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.sink.DynamoDbClientProvider;
import dev.streamcount.job.window.WindowKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The top list of each window, exactly once, as {@link TopNOperator} keeps the all-time one: one
 * subtask takes the window counts (keys {@code "<start> <word>"}, each an absolute count that only
 * grows with late firings), keeps a {@link TopWords} per window, and at each checkpoint sets aside
 * the lists of the windows that changed since the last; when the checkpoint completes they are
 * written as items {@code window#<start>}, and the newest window's also as {@code window#latest}. A
 * window is kept until the watermark has passed its end and the allowed lateness: then no count of
 * it can come any more.
 */
final class WindowTopOperator extends TopListOperator {

    private static final long serialVersionUID = 1L;

    private final long sizeMillis;
    private final long latenessMillis;
    private final long retentionMillis;

    private transient TreeMap<Long, TopWords> windows;
    private transient TreeSet<Long> changed;
    private transient TreeMap<Long, Map<Long, List<WordCount>>> awaiting;
    private transient long watermark;
    private transient long latestWritten;
    private transient ListState<WordCount> state;

    WindowTopOperator(
            String table,
            int size,
            DynamoDbClientProvider clients,
            Duration windowSize,
            Duration allowedLateness,
            Duration retention) {
        super(table, size, clients);
        this.sizeMillis = windowSize.toMillis();
        this.latenessMillis = allowedLateness.toMillis();
        this.retentionMillis = retention.toMillis();
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        windows = new TreeMap<>();
        changed = new TreeSet<>();
        awaiting = new TreeMap<>();
        watermark = Long.MIN_VALUE;
        latestWritten = Long.MIN_VALUE;
        state =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "window-tops", TypeInformation.of(WordCount.class)));
        for (WordCount wc : state.get()) {
            windows.computeIfAbsent(WindowKey.start(wc.word), w -> new TopWords(size))
                    .offer(WindowKey.word(wc.word), wc.count);
        }
        startWriter("windowTopCheckpointWritten");
        if (context.isRestored() && !windows.isEmpty()) {
            // The lists of a completed checkpoint: they may be written now.
            Map<Long, List<WordCount>> restored = new TreeMap<>();
            windows.forEach((start, top) -> restored.put(start, top.list()));
            write(context.getRestoredCheckpointId().orElse(0), restored);
        }
    }

    @Override
    public void processElement(StreamRecord<WordCount> element) {
        WordCount wc = element.getValue();
        long start = WindowKey.start(wc.word);
        if (windows.computeIfAbsent(start, w -> new TopWords(size))
                .offer(WindowKey.word(wc.word), wc.count)) {
            changed.add(start);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = Math.max(watermark, mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (!changed.isEmpty()) {
            Map<Long, List<WordCount>> lists = new TreeMap<>();
            for (long start : changed) {
                lists.put(start, windows.get(start).list());
            }
            awaiting.put(context.getCheckpointId(), lists);
            changed.clear();
        }
        // Closed for good (the watermark is past its end and the lateness), and its newest list
        // set aside just now if it changed: no count of it can come any more.
        if (watermark != Long.MIN_VALUE) {
            windows.headMap(watermark - sizeMillis - latenessMillis + 1, true).clear();
        }
        List<WordCount> entries = new ArrayList<>();
        windows.forEach(
                (start, top) ->
                        top.list()
                                .forEach(
                                        w ->
                                                entries.add(
                                                        new WordCount(
                                                                WindowKey.of(start, w.word),
                                                                w.count))));
        state.update(entries);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        Map<Long, Map<Long, List<WordCount>>> done = awaiting.headMap(checkpointId, true);
        if (!done.isEmpty()) {
            Map<Long, List<WordCount>> lists = new TreeMap<>();
            done.values().forEach(lists::putAll); // newer checkpoints last: their lists win
            write(checkpointId, lists);
            done.clear();
        }
    }

    /** Hands the lists of completed checkpoint {@code checkpoint} to the writer. */
    private void write(long checkpoint, Map<Long, List<WordCount>> lists) {
        long newest = Long.MIN_VALUE;
        for (Map.Entry<Long, List<WordCount>> e : lists.entrySet()) {
            writer.write(
                    TopTable.window(e.getKey()),
                    new TopListWriter.Wanted(checkpoint, e.getValue(), attributes(e.getKey())));
            newest = Math.max(newest, e.getKey());
        }
        if (newest >= latestWritten) {
            // A late firing of an older window leaves window#latest alone.
            latestWritten = newest;
            writer.write(
                    TopTable.LATEST_WINDOW,
                    new TopListWriter.Wanted(checkpoint, lists.get(newest), attributes(newest)));
        }
    }

    private Map<String, AttributeValue> attributes(long start) {
        long end = start + sizeMillis;
        return Map.of(
                TopTable.WINDOW_START, AttributeValue.fromN(Long.toString(start)),
                TopTable.WINDOW_END, AttributeValue.fromN(Long.toString(end)),
                TopTable.EXPIRES_AT,
                        AttributeValue.fromN(
                                Long.toString(Math.floorDiv(end + retentionMillis, 1000))));
    }
}
