package dev.streamcount.job.top;

import dev.streamcount.job.config.Windowing;
import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.sink.DynamoDbClientProvider;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Keeps the job's {@link #size()} most frequent words as one item of {@code <table>Top}, written
 * with each completed checkpoint ({@link TopNOperator}).
 */
public final class TopSink implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String table;
    private final int size;
    private final DynamoDbClientProvider clients;

    public TopSink(String table, int size, DynamoDbClientProvider clients) {
        if (size < 1) {
            throw new IllegalArgumentException("top size must be at least 1, got " + size);
        }
        this.table = table;
        this.size = size;
        this.clients = clients;
    }

    public int size() {
        return size;
    }

    /**
     * Adds the top list of each window on the window counts: a filter in each subtask, then one
     * subtask that keeps and writes the lists.
     */
    public void addWindowsTo(DataStream<WordCount> windowCounts, Windowing windowing) {
        windowCounts
                .flatMap(new LocalWindowTop(size))
                .name("window-top-candidates")
                .uid("window-top-candidates")
                .global()
                .transform(
                        "window-top-" + size,
                        Types.VOID,
                        new WindowTopOperator(
                                table,
                                size,
                                clients,
                                windowing.size(),
                                windowing.allowedLateness(),
                                windowing.retention()))
                .setParallelism(1)
                .setMaxParallelism(1)
                .uid("window-top-n");
    }

    /** Adds the one-subtask top operator on the running counts' candidates. */
    public void addTo(DataStream<WordCount> candidates) {
        candidates
                .global()
                .transform("top-" + size, Types.VOID, new TopNOperator(table, size, clients))
                .setParallelism(1)
                .setMaxParallelism(1)
                .uid("top-n");
    }
}
