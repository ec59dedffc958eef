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

    /** The Flink versions this build runs on: its major version. */
    private static final String MAJOR = "1.";

    private FlinkLine() {}

    /**
     * Why this build cannot run on Flink {@code version} (what a cluster reports), or empty if it
     * can. Classes, state and connector APIs differ between the lines; a jar built for the other
     * one fails later with a class or method error that names neither.
     */
    public static Optional<String> mismatch(String version) {
        if (version.startsWith(MAJOR)) {
            return Optional.empty();
        }
        return Optional.of(
                "This jar is built for Flink 1.20 and this cluster runs Flink "
                        + version
                        + ": submit streamcount-job-*-flink-2.2.jar, built by mvn package"
                        + " -Pflink2");
    }

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
