package dev.streamcount.job.sink;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.count.WordCount;
import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.aws.config.AWSConfigConstants;
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

    /** Only tests pass more than one request in flight, to show what it breaks. */
    public OfficialDynamoDbSink(String table, AwsSettings aws, int maxInFlightRequests) {
        this.table = table;
        this.connectorProperties = connectorProperties(aws);
        this.maxInFlightRequests = maxInFlightRequests;
    }

    /** Properties for Flink's AWS connectors: where, and which credentials. */
    public static Properties connectorProperties(AwsSettings aws) {
        Properties p = new Properties();
        p.setProperty(AWSConfigConstants.AWS_REGION, aws.region().id());
        if (aws.endpoint() != null) {
            p.setProperty(AWSConfigConstants.AWS_ENDPOINT, aws.endpoint().toString());
        }
        if (aws.usesDummyCredentials()) {
            p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "BASIC");
            p.setProperty(AWSConfigConstants.AWS_ACCESS_KEY_ID, AwsSettings.DUMMY_KEY_ID);
            p.setProperty(AWSConfigConstants.AWS_SECRET_ACCESS_KEY, AwsSettings.DUMMY_SECRET);
        } else {
            p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "AUTO");
        }
        return p;
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
