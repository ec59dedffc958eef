package dev.streamcount.job.sink;

import dev.streamcount.job.count.WordCount;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;

/**
 * Creates {@link CommitOnCheckpointOperator} with its task's mailbox, which it yields to while the
 * commit backlog is full. Chained to the operator before it wherever the graph allows.
 */
final class CommitOnCheckpointOperatorFactory extends AbstractStreamOperatorFactory<Void>
        implements OneInputStreamOperatorFactory<WordCount, Void> {

    private static final long serialVersionUID = 1L;

    private final String table;
    private final DynamoDbClientProvider clients;
    private final int maxInFlight;
    private final int maxBacklog;

    CommitOnCheckpointOperatorFactory(
            String table, DynamoDbClientProvider clients, int maxInFlight, int maxBacklog) {
        this.table = table;
        this.clients = clients;
        this.maxInFlight = maxInFlight;
        this.maxBacklog = maxBacklog;
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<Void>> T createStreamOperator(
            StreamOperatorParameters<Void> parameters) {
        return (T)
                new CommitOnCheckpointOperator(table, clients, maxInFlight, maxBacklog, parameters);
    }

    @Override
    public Class<? extends StreamOperator<?>> getStreamOperatorClass(ClassLoader classLoader) {
        return CommitOnCheckpointOperator.class;
    }
}
