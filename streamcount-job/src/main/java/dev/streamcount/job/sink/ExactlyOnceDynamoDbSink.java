package dev.streamcount.job.sink;

import dev.streamcount.job.count.WordCount;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Exactly-once totals in DynamoDB: commit on checkpoint.
 *
 * <p>The writer collects the newest total of each changed word; at each checkpoint it hands them to
 * the committer, which writes them only after the checkpoint has completed. So the table only ever
 * holds totals of completed checkpoints — each the exact count of a consistent prefix of every
 * Kafka partition — and it only grows: a failure rolls the job back to a checkpoint whose totals
 * are already in (or about to be re-committed to) the table, never to anything a reader has not
 * seen. Writes per checkpoint = words changed in it, not words read.
 */
public final class ExactlyOnceDynamoDbSink
        implements Sink<WordCount>, SupportsCommitter<CountCommittable>, CountSink {
    private static final long serialVersionUID = 1L;

    /** BatchWriteItem requests a committer keeps in flight. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;

    private final String table;
    private final DynamoDbClientProvider clients;
    private final int maxInFlight;

    public ExactlyOnceDynamoDbSink(String table, DynamoDbClientProvider clients) {
        this(table, clients, DEFAULT_MAX_IN_FLIGHT);
    }

    public ExactlyOnceDynamoDbSink(String table, DynamoDbClientProvider clients, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException(
                    "maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.table = table;
        this.clients = clients;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public CommittingSinkWriter<WordCount, CountCommittable> createWriter(
            WriterInitContext context) {
        return new CommittableWriter(context.getTaskInfo().getIndexOfThisSubtask());
    }

    /** Flink 1.20 still declares this; it calls {@link #createWriter(WriterInitContext)}. */
    @Override
    @Deprecated
    public CommittingSinkWriter<WordCount, CountCommittable> createWriter(InitContext context)
            throws IOException {
        return new CommittableWriter(context.getSubtaskId());
    }

    @Override
    public Committer<CountCommittable> createCommitter(CommitterInitContext context) {
        return new DynamoDbCommitter(table, clients.create(), maxInFlight, context.metricGroup());
    }

    @Override
    public SimpleVersionedSerializer<CountCommittable> getCommittableSerializer() {
        return new CountCommittable.Serializer();
    }

    /**
     * Adds the sink in tasks of its own. Flink commits in the committer's task thread, which waits
     * for the commit; chained, that wait would stop the counting too. Apart, counting goes on
     * during a commit and the writer coalesces every total that changes meanwhile into the next
     * committable, so a slow DynamoDB means fewer, larger commit rounds with each word written once
     * per round.
     */
    @Override
    public void addTo(DataStream<WordCount> totals) {
        totals.sinkTo(this)
                .name("dynamodb-exactly-once")
                .uid("dynamodb-exactly-once")
                .disableChaining();
    }
}
