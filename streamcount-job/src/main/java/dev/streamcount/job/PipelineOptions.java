package dev.streamcount.job;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How the job runs, whatever it connects to: flags shared by {@code job}, {@code local} and {@code
 * demo}.
 */
public class PipelineOptions {

    /** Accepts an enum constant written in lower case with dashes, as the help text shows them. */
    abstract static class LowerCaseEnumConverter<E extends Enum<E>>
            implements picocli.CommandLine.ITypeConverter<E> {
        private final Class<E> type;

        LowerCaseEnumConverter(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            try {
                return Enum.valueOf(
                        type, value.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'"
                                + value
                                + "' is not one of "
                                + java.util.Arrays.stream(type.getEnumConstants())
                                        .map(
                                                c ->
                                                        c.name()
                                                                .toLowerCase(java.util.Locale.ROOT)
                                                                .replace('_', '-'))
                                        .collect(java.util.stream.Collectors.joining(", ")));
            }
        }
    }

    static final class DeliveryConverter extends LowerCaseEnumConverter<JobConfig.Delivery> {
        DeliveryConverter() {
            super(JobConfig.Delivery.class);
        }
    }

    static final class StateBackendConverter
            extends LowerCaseEnumConverter<JobConfig.StateBackend> {
        StateBackendConverter() {
            super(JobConfig.StateBackend.class);
        }
    }

    static final class StartingOffsetsConverter
            extends LowerCaseEnumConverter<JobConfig.StartingOffsets> {
        StartingOffsetsConverter() {
            super(JobConfig.StartingOffsets.class);
        }
    }

    @Option(
            names = "--group-id",
            description =
                    "Kafka consumer group; offsets are committed on checkpoints (default: "
                            + JobConfig.DEFAULT_GROUP_ID
                            + ").")
    String groupId;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "Flink checkpoint interval, e.g. 5s, 500ms (default: 5s; 1s for local and"
                            + " demo).")
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

    @Option(
            names = "--delivery",
            paramLabel = "exactly-once|at-least-once",
            converter = DeliveryConverter.class,
            description =
                    "exactly-once: totals become visible when their checkpoint completes and never"
                            + " roll back (default); at-least-once: Flink's official sink, lower"
                            + " latency, totals may roll back after a failure.")
    JobConfig.Delivery delivery;

    @Option(
            names = "--state-backend",
            paramLabel = "hashmap|rocksdb",
            converter = StateBackendConverter.class,
            description =
                    "Where totals live: hashmap (heap, default) or rocksdb (disk, for vocabularies"
                            + " larger than memory).")
    JobConfig.StateBackend stateBackend;

    @Option(
            names = "--starting-offsets",
            paramLabel = "earliest|committed",
            converter = StartingOffsetsConverter.class,
            description =
                    "Where a start without a checkpoint or savepoint reads from (default: earliest,"
                        + " recounting the topic; a restored job continues from its checkpoint).")
    JobConfig.StartingOffsets startingOffsets;

    public JobConfig applyTo(JobConfig base) {
        JobConfig c = base;
        if (groupId != null) c = c.withGroupId(groupId);
        if (checkpointInterval != null) c = c.withCheckpointInterval(checkpointInterval);
        if (parallelism != null) c = c.withParallelism(parallelism);
        if (flushInterval != null) c = c.withFlushInterval(flushInterval);
        if (kafkaTimeout != null) c = c.withKafkaTimeout(kafkaTimeout);
        if (startingOffsets != null) c = c.withStartingOffsets(startingOffsets);
        if (delivery != null) c = c.withDelivery(delivery);
        if (stateBackend != null) c = c.withStateBackend(stateBackend);
        return c;
    }
}
