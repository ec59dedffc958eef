package dev.streamcount.job.sink;

import dev.streamcount.job.count.WordCount;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;

/**
 * Creates {@link CommitOnCheckpointOperator} with its task's mailbox, which it yields to while the
 * commit backlog is full, and holds its settings. Chained to the operator before it wherever the
 * graph allows.
 */
final class CommitOnCheckpointOperatorFactory extends AbstractStreamOperatorFactory<Void>
        implements OneInputStreamOperatorFactory<WordCount, Void> {

    private static final long serialVersionUID = 1L;

    final String table;
    final CountItemFormat format;
    final DynamoDbClientProvider clients;
    final int maxInFlight;
    final int maxBacklog;
    final boolean reportExistingCounts;

    /**
     * @param reportExistingCounts whether subtask 0 says at a start without state that the table
     *     already holds counts
     */
    CommitOnCheckpointOperatorFactory(
            String table,
            CountItemFormat format,
            DynamoDbClientProvider clients,
            int maxInFlight,
            int maxBacklog,
            boolean reportExistingCounts) {
        this.table = table;
        this.format = format;
        this.clients = clients;
        this.maxInFlight = maxInFlight;
        this.maxBacklog = maxBacklog;
        this.reportExistingCounts = reportExistingCounts;
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<Void>> T createStreamOperator(
            StreamOperatorParameters<Void> parameters) {
        return (T) new CommitOnCheckpointOperator(this, parameters);
    }

    @Override
    public Class<? extends StreamOperator<?>> getStreamOperatorClass(ClassLoader classLoader) {
        return CommitOnCheckpointOperator.class;
    }
}
