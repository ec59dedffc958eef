package dev.streamcount.job.line;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.sink.BatchPutDynamoDbSink;
import dev.streamcount.job.sink.CountSink;
import java.util.Optional;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * What streamcount does differently on the Flink line it was built for: this build is for Flink
 * 2.x. Its twin in {@code src/main/flink1} is the Flink 1.20 build's.
 */
public final class FlinkLine {
    /** The line, as in the cluster jar's name. */
    public static final String NAME = "flink-2.2";

    /** Whether Flink's official DynamoDB sink runs on this line (its 1.x release needs 1.x). */
    public static final boolean OFFICIAL_DYNAMODB_SINK = false;

    /** The Flink version the build is for, major and minor. */
    public static final String VERSION = "2.2";

    /** The other line's cluster jar, and the build that makes it. */
    static final String OTHER_JAR = "streamcount-job-*-flink-1.20.jar, built by mvn package";

    private FlinkLine() {}

    /**
     * {@code --delivery at-least-once}: streamcount's own sink on Flink's {@code AsyncSinkBase},
     * one request in flight (the official DynamoDB connector has no release for 2.x).
     */
    public static CountSink atLeastOnceSink(String table, AwsSettings aws, int maxInFlight) {
        return new BatchPutDynamoDbSink(table, aws, maxInFlight);
    }

    /**
     * The tutorial's sink, for {@code bench}: Flink's official DynamoDB sink, which has no release
     * for Flink 2.x, so none.
     */
    public static Optional<Sink<WordCount>> tutorialSink(
            String table, AwsSettings aws, int batchSize) {
        return Optional.empty();
    }
}
