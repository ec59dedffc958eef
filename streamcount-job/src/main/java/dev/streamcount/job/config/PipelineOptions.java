package dev.streamcount.job.config;

import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How the job runs, whatever it connects to: flags shared by {@code job}, {@code local} and {@code
 * demo}. Defaults are {@link JobConfig}'s; {@code local} and {@code demo} give {@code
 * --checkpoint-interval} another through their default value provider.
 */
public class PipelineOptions {

    @Option(
            names = "--group-id",
            defaultValue = JobConfig.DEFAULT_GROUP_ID,
            description =
                    "Kafka consumer group; offsets are committed on checkpoints (default:"
                            + " ${DEFAULT-VALUE}).")
    String groupId;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "DURATION",
            defaultValue = JobConfig.DEFAULT_CHECKPOINT_INTERVAL,
            converter = DurationConverter.class,
            description = "Flink checkpoint interval, e.g. 5s, 500ms (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(
            names = "--parallelism",
            defaultValue = JobConfig.DEFAULT_PARALLELISM,
            description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--flush-interval",
            paramLabel = "DURATION",
            defaultValue = JobConfig.DEFAULT_FLUSH_INTERVAL,
            converter = DurationConverter.class,
            description =
                    "Emit each changed word's total at most once per interval (default:"
                            + " ${DEFAULT-VALUE}).")
    Duration flushInterval;

    @Option(
            names = "--kafka-timeout",
            paramLabel = "DURATION",
            defaultValue = JobConfig.DEFAULT_KAFKA_TIMEOUT,
            converter = DurationConverter.class,
            description =
                    "How long to wait for Kafka at start before giving up (default:"
                            + " ${DEFAULT-VALUE}).")
    Duration kafkaTimeout;

    @Option(
            names = "--delivery",
            paramLabel = "exactly-once|at-least-once",
            defaultValue = JobConfig.DEFAULT_DELIVERY,
            converter = LowerCaseEnumConverter.DeliveryConverter.class,
            description =
                    "exactly-once: totals become visible when their checkpoint completes and never"
                            + " roll back; at-least-once: Flink's official sink, lower latency,"
                            + " totals may roll back after a failure (default: ${DEFAULT-VALUE}).")
    JobConfig.Delivery delivery;

    @Option(
            names = "--state-backend",
            paramLabel = "hashmap|rocksdb",
            defaultValue = JobConfig.DEFAULT_STATE_BACKEND,
            converter = LowerCaseEnumConverter.StateBackendConverter.class,
            description =
                    "Where totals live: hashmap (heap) or rocksdb (disk, for vocabularies larger"
                            + " than memory) (default: ${DEFAULT-VALUE}).")
    JobConfig.StateBackend stateBackend;

    @Option(
            names = "--commit-backlog",
            paramLabel = "WORDS",
            defaultValue = JobConfig.DEFAULT_COMMIT_BACKLOG,
            description =
                    "exactly-once: totals of completed checkpoints a subtask may hold unwritten"
                        + " while DynamoDB is slower than the input; counting pauses above it, so"
                        + " memory does not grow with the vocabulary (default: ${DEFAULT-VALUE}).")
    int commitBacklog;

    @Option(
            names = "--starting-offsets",
            paramLabel = "earliest|committed",
            defaultValue = JobConfig.DEFAULT_STARTING_OFFSETS,
            converter = LowerCaseEnumConverter.StartingOffsetsConverter.class,
            description =
                    "Where a start without a checkpoint or savepoint reads from; earliest recounts"
                            + " the topic, a restored job continues from its checkpoint (default:"
                            + " ${DEFAULT-VALUE}).")
    JobConfig.StartingOffsets startingOffsets;

    @Option(
            names = "--dead-letter-topic",
            description =
                    "Where skipped records and oversize words are reported, as JSON (default:"
                            + " <topic>-dlq).")
    String deadLetterTopic;

    @Option(
            names = "--top-size",
            paramLabel = "WORDS",
            defaultValue = JobConfig.DEFAULT_TOP_SIZE,
            description =
                    "The most frequent words the job keeps, exactly once, in <table>Top (item"
                            + " 'all-time'), which `streamcount top` reads; 0 for none (default:"
                            + " ${DEFAULT-VALUE}).")
    int topSize;

    @Mixin WindowOptions windows = new WindowOptions();

    public JobConfig applyTo(JobConfig base) {
        return windows.applyTo(base)
                .withGroupId(groupId)
                .withCheckpointInterval(checkpointInterval)
                .withParallelism(parallelism)
                .withFlushInterval(flushInterval)
                .withKafkaTimeout(kafkaTimeout)
                .withDelivery(delivery)
                .withStateBackend(stateBackend)
                .withCommitBacklog(commitBacklog)
                .withTopSize(topSize)
                .withStartingOffsets(startingOffsets)
                .withDeadLetterTopicOrNull(deadLetterTopic);
    }
}
