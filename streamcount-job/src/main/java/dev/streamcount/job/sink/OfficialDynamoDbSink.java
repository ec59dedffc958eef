package dev.streamcount.job.sink;

import dev.streamcount.job.count.WordCount;
import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.dynamodb.sink.DynamoDbSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * At-least-once delivery through Flink's official {@link DynamoDbSink}: each emitted total is PUT,
 * overwriting the item by {@code word}.
 *
 * <p>Why {@code maxInFlightRequests = 1}: with the default of 50 concurrent batches, requests
 * complete out of order and an older total can land after a newer one and stay in the table (stale
 * final counts, seen in tests). One batch at a time means the writes of a subtask are applied in
 * the order they were emitted; since every word is keyed to one subtask, a word's totals arrive in
 * order. Within a batch {@code overwriteByPartitionKeys} keeps only the newest total of a word,
 * which also avoids DynamoDB's "Provided list of item keys contains duplicates".
 */
public final class OfficialDynamoDbSink implements CountSink {
    private static final long serialVersionUID = 1L;

    private final String table;
    private final Properties connectorProperties;
    private final int maxInFlightRequests;

    public OfficialDynamoDbSink(String table, Properties connectorProperties) {
        this(table, connectorProperties, 1);
    }

    /** Only tests pass more than one request in flight, to show what it breaks. */
    public OfficialDynamoDbSink(
            String table, Properties connectorProperties, int maxInFlightRequests) {
        this.table = table;
        this.connectorProperties = connectorProperties;
        this.maxInFlightRequests = maxInFlightRequests;
    }

    @Override
    public void addTo(DataStream<WordCount> totals) {
        DynamoDbSink<WordCount> sink =
                DynamoDbSink.<WordCount>builder()
                        .setTableName(table)
                        .setElementConverter(new WordCountElementConverter())
                        .setOverwriteByPartitionKeys(List.of(WordCountItem.KEY))
                        .setMaxBatchSize(WordCountItem.MAX_BATCH_ITEMS)
                        .setMaxInFlightRequests(maxInFlightRequests)
                        .setMaxBufferedRequests(10_000)
                        .setMaxTimeInBufferMS(200)
                        .setFailOnError(false)
                        .setDynamoDbProperties(connectorProperties)
                        .build();
        totals.sinkTo(sink).name("dynamodb-official-sink").uid("dynamodb-sink");
    }
}
