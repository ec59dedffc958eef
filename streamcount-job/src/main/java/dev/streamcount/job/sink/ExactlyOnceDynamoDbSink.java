package dev.streamcount.job.sink;

import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.count.WordCount;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Exactly-once totals in DynamoDB: commit on checkpoint, fenced ({@link
 * CommitOnCheckpointOperator}).
 *
 * <p>The table only ever holds totals of completed checkpoints — each the exact count of a
 * consistent prefix of every Kafka partition — and it only grows: every write is conditional on not
 * lowering the stored total. Writes per checkpoint are at most the words changed in it, fewer when
 * DynamoDB is the bottleneck, as a backlog keeps one (the newest) total per word.
 */
public final class ExactlyOnceDynamoDbSink implements CountSink {
    private static final long serialVersionUID = 1L;

    /** {@code TransactWriteItems} requests a subtask keeps in flight. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;

    private final String table;
    private final DynamoDbClientProvider clients;
    private final int maxInFlight;
    private final int maxBacklog;
    private final CountItemFormat format;
    private final String name;

    public ExactlyOnceDynamoDbSink(String table, DynamoDbClientProvider clients) {
        this(
                table,
                clients,
                DEFAULT_MAX_IN_FLIGHT,
                Integer.parseInt(JobConfig.DEFAULT_COMMIT_BACKLOG));
    }

    /**
     * @param maxInFlight requests each subtask keeps in flight
     * @param maxBacklog totals of completed checkpoints a subtask holds unwritten before counting
     *     pauses
     */
    public ExactlyOnceDynamoDbSink(
            String table, DynamoDbClientProvider clients, int maxInFlight, int maxBacklog) {
        this(table, clients, maxInFlight, maxBacklog, CountItemFormat.TOTALS, "dynamodb");
    }

    private ExactlyOnceDynamoDbSink(
            String table,
            DynamoDbClientProvider clients,
            int maxInFlight,
            int maxBacklog,
            CountItemFormat format,
            String name) {
        if (maxInFlight < 1 || maxBacklog < 1) {
            throw new IllegalArgumentException(
                    "maxInFlight and maxBacklog must be at least 1, got "
                            + maxInFlight
                            + " and "
                            + maxBacklog);
        }
        this.table = table;
        this.clients = clients;
        this.maxInFlight = maxInFlight;
        this.maxBacklog = maxBacklog;
        this.format = format;
        this.name = name;
    }

    /**
     * The same commit for another table and item format: the per-window counts ({@code
     * dev.streamcount.job.window}), under operator id {@code <name>-commit}.
     */
    public static ExactlyOnceDynamoDbSink of(
            String table,
            CountItemFormat format,
            String name,
            DynamoDbClientProvider clients,
            int maxInFlight,
            int maxBacklog) {
        return new ExactlyOnceDynamoDbSink(table, clients, maxInFlight, maxBacklog, format, name);
    }

    /**
     * Adds the committing operator, chained to the running count when the stream comes straight
     * from it (no task boundary, no serialization of totals).
     */
    @Override
    public void addTo(DataStream<WordCount> totals) {
        boolean totalsTable = format == CountItemFormat.TOTALS;
        totals.transform(
                        name + "-exactly-once",
                        Types.VOID,
                        new CommitOnCheckpointOperatorFactory(
                                table, format, clients, maxInFlight, maxBacklog, totalsTable))
                .uid(name + "-commit");
    }
}
