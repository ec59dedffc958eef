package dev.streamcount.job;

import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The job's command-line flags, shared by the cluster entry point ({@link StreamCountJob}) and the
 * {@code streamcount} CLI as a picocli mixin. Unset flags fall back to {@link JobConfig}'s defaults.
 */
public class JobOptions {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: " + JobConfig.DEFAULT_BOOTSTRAP_SERVERS + ").")
    String bootstrapServers;

    @Option(names = "--topic", description = "Kafka topic to count (default: " + JobConfig.DEFAULT_TOPIC + ").")
    String topic;

    @Option(
            names = "--group-id",
            description = "Kafka consumer group; offsets are committed on checkpoints (default: "
                    + JobConfig.DEFAULT_GROUP_ID + ").")
    String groupId;

    @Option(names = "--table", description = "DynamoDB table (default: " + JobConfig.DEFAULT_TABLE + ").")
    String table;

    @Option(
            names = "--dynamodb-endpoint",
            paramLabel = "URL",
            description = "DynamoDB endpoint, e.g. http://localhost:8000 (default: none, real AWS).")
    URI dynamoDbEndpoint;

    @Option(
            names = "--region",
            description = "AWS region (default: the AWS default region chain, else us-east-1).")
    String region;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Flink checkpoint interval, e.g. 5s, 500ms (default: 5s; 1s for local and demo).")
    Duration checkpointInterval;

    @Option(
            names = "--parallelism",
            description = "Job parallelism (default: " + JobConfig.DEFAULT_PARALLELISM + ").")
    Integer parallelism;

    @Option(
            names = "--flush-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Emit each changed word's total at most once per interval (default: 1s).")
    Duration flushInterval;

    @Option(
            names = "--kafka-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long to wait for Kafka at start before giving up (default: 30s).")
    Duration kafkaTimeout;

    /** The configuration these flags describe, over {@code base} for every flag not given. */
    public JobConfig applyTo(JobConfig base) {
        JobConfig c = base;
        if (bootstrapServers != null) c = c.withBootstrapServers(bootstrapServers);
        if (topic != null) c = c.withTopic(topic);
        if (groupId != null) c = c.withGroupId(groupId);
        if (table != null) c = c.withTable(table);
        if (dynamoDbEndpoint != null) c = c.withDynamoDbEndpoint(dynamoDbEndpoint);
        if (region != null) c = c.withRegion(region);
        if (checkpointInterval != null) c = c.withCheckpointInterval(checkpointInterval);
        if (parallelism != null) c = c.withParallelism(parallelism);
        if (flushInterval != null) c = c.withFlushInterval(flushInterval);
        if (kafkaTimeout != null) c = c.withKafkaTimeout(kafkaTimeout);
        return c;
    }
}
