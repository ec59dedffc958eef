package dev.streamcount.job.top;

import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.metrics.StreamCountMetrics;
import dev.streamcount.job.sink.DynamoDbClientProvider;
import java.time.Duration;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;

/**
 * What the one-subtask operators that keep top lists share: their table and list size, the writer
 * that writes lists of completed checkpoints, and an end that waits for the last of them.
 */
abstract class TopListOperator extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<WordCount, Void> {

    private static final long serialVersionUID = 1L;

    /** How long a normal end waits for the last lists to be written. */
    private static final Duration FINAL_WRITE = Duration.ofMinutes(1);

    final String table;
    final int size;
    private final DynamoDbClientProvider clients;

    transient TopListWriter writer;

    TopListOperator(String table, int size, DynamoDbClientProvider clients) {
        this.table = table;
        this.size = size;
        this.clients = clients;
    }

    /** Starts the writer; the gauge {@code metric} shows the newest checkpoint it wrote. */
    void startWriter(String metric) {
        writer = new TopListWriter(clients.create(), table, size);
        StreamCountMetrics.of(getMetricGroup()).gauge(metric, writer::written);
    }

    /**
     * A normal end (stop with a savepoint, end of input) waits for the last lists to be written; a
     * failure or a cancel does not: a restored job writes them again.
     */
    @Override
    public void close() throws Exception {
        try {
            if (writer != null
                    && !getContainingTask().isCanceled()
                    && !getContainingTask().isFailing()) {
                writer.awaitWritten(FINAL_WRITE);
            }
        } finally {
            if (writer != null) {
                writer.close();
            }
            super.close();
        }
    }
}
