package dev.streamcount.job.line;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.sink.CountSink;
import dev.streamcount.job.sink.OfficialDynamoDbSink;
import dev.streamcount.job.sink.WordCountElementConverter;
import dev.streamcount.job.sink.WordCountItem;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.dynamodb.sink.DynamoDbSink;

/**
 * What streamcount does differently on the Flink line it was built for: this build is for Flink
 * 1.20. Its twin in {@code src/main/flink2} is the Flink 2.x build's.
 */
public final class FlinkLine {
    /** The line, as in the cluster jar's name. */
    public static final String NAME = "flink-1.20";

    /** Whether Flink's official DynamoDB sink runs on this line (its 1.x release needs 1.x). */
    public static final boolean OFFICIAL_DYNAMODB_SINK = true;

    /** The Flink version the build is for, major and minor. */
    public static final String VERSION = "1.20";

    /** The other line's cluster jar, and the build that makes it. */
    static final String OTHER_JAR =
            "streamcount-job-*-flink-2.2.jar, built by mvn package -Pflink2";

    private FlinkLine() {}

    /**
     * {@code --delivery at-least-once}: Flink's official DynamoDB sink, one request in flight (its
     * 1.x release does not load on 2.x).
     */
    public static CountSink atLeastOnceSink(String table, AwsSettings aws, int maxInFlight) {
        return new OfficialDynamoDbSink(table, aws, maxInFlight);
    }

    /**
     * The tutorial's sink, for {@code bench}: Flink's official DynamoDB sink with its defaults,
     * batches of {@code batchSize} overwriting by {@code word}. Empty on a line it does not run on.
     */
    public static Optional<Sink<WordCount>> tutorialSink(
            String table, AwsSettings aws, int batchSize) {
        return Optional.of(
                DynamoDbSink.<WordCount>builder()
                        .setTableName(table)
                        .setElementConverter(new WordCountElementConverter())
                        .setOverwriteByPartitionKeys(List.of(WordCountItem.KEY))
                        .setMaxBatchSize(batchSize)
                        .setDynamoDbProperties(OfficialDynamoDbSink.connectorProperties(aws))
                        .build());
    }
}
