package dev.streamcount.job.config;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the job needs to know, parsed once and immutable.
 *
 * <p>A setting is declared once: as a component of this record. The {@code with…} methods are
 * generated from the components ({@link JobConfigBuilder.With}); the defaults are the {@code
 * DEFAULT_…} strings below, which the command-line options ({@link JobOptions}) show in their help
 * and {@link #defaults()} parses with the same converters.
 *
 * @param dynamoDbEndpoint the DynamoDB endpoint, or null for real AWS
 * @param region the AWS region, or null to use the AWS default region chain (else us-east-1)
 * @param deadLetterTopicOrNull the dead-letter topic as given, or null for {@code <topic>-dlq}
 * @param commitBacklog exactly-once: most totals of completed checkpoints a subtask holds unwritten
 *     before counting pauses for DynamoDB
 * @param kafkaClient settings for every Kafka client (security and the like); secrets hidden in
 *     {@link #toString()}
 * @param windowing per-window counts in a second table, or {@link Windowing#off()}
 * @param topSize how many of the most frequent words the job keeps in {@code <table>Top}, 0 for
 *     none
 */
@RecordBuilder
public record JobConfig(
        String bootstrapServers,
        String topic,
        String groupId,
        String table,
        URI dynamoDbEndpoint,
        String region,
        Duration checkpointInterval,
        int parallelism,
        Duration flushInterval,
        Delivery delivery,
        Duration kafkaTimeout,
        StartingOffsets startingOffsets,
        String deadLetterTopicOrNull,
        StateBackend stateBackend,
        int commitBacklog,
        KafkaClientSettings kafkaClient,
        Windowing windowing,
        int topSize)
        implements Serializable, JobConfigBuilder.With {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:19092";
    public static final String DEFAULT_TOPIC = "input";
    public static final String DEFAULT_GROUP_ID = "streamcount";
    public static final String DEFAULT_TABLE = "WordCounts";
    public static final String DEFAULT_CHECKPOINT_INTERVAL = "5s";

    /** {@code local} and {@code demo} checkpoint more often: totals show up within about 1 s. */
    public static final String LOCAL_CHECKPOINT_INTERVAL = "1s";

    public static final String DEFAULT_PARALLELISM = "2";
    public static final String DEFAULT_FLUSH_INTERVAL = "1s";
    public static final String DEFAULT_KAFKA_TIMEOUT = "30s";
    public static final String DEFAULT_DELIVERY = "exactly-once";
    public static final String DEFAULT_STARTING_OFFSETS = "earliest";
    public static final String DEFAULT_STATE_BACKEND = "hashmap";
    public static final String DEFAULT_COMMIT_BACKLOG = "100000";
    public static final String DEFAULT_TOP_SIZE = "100";

    /** How totals reach DynamoDB. */
    public enum Delivery {
        /** Totals written only after the checkpoint that covers them completes; never roll back. */
        EXACTLY_ONCE,
        /**
         * Flink's official DynamoDB sink: totals written as they are emitted; may roll back on
         * replay.
         */
        AT_LEAST_ONCE
    }

    /**
     * Where a job that starts without a checkpoint or savepoint begins reading. A restored job
     * always continues from the offsets in its checkpoint.
     */
    public enum StartingOffsets {
        /**
         * The beginning of the topic. Totals are absolute and live in Flink state, so a start
         * without state must recount everything to write correct totals.
         */
        EARLIEST,
        /**
         * The consumer group's committed offsets, else the beginning. Only correct if the table was
         * emptied too: otherwise totals restart from zero and overwrite the old ones.
         */
        COMMITTED
    }

    /** Where the running totals live between checkpoints. */
    public enum StateBackend {
        /** On the JVM heap: fastest, for vocabularies that fit in memory. */
        HASHMAP,
        /** In RocksDB on local disk: for vocabularies larger than memory. */
        ROCKSDB
    }

    public JobConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(kafkaTimeout, "kafkaTimeout");
        Objects.requireNonNull(startingOffsets, "startingOffsets");
        Objects.requireNonNull(stateBackend, "stateBackend");
        Objects.requireNonNull(kafkaClient, "kafkaClient");
        Objects.requireNonNull(windowing, "windowing");
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "parallelism must be at least 1, got " + parallelism);
        }
        if (checkpointInterval.toMillis() < 10) {
            throw new IllegalArgumentException(
                    "checkpoint interval must be at least 10ms, got "
                            + Durations.format(checkpointInterval));
        }
        if (commitBacklog < 1) {
            throw new IllegalArgumentException(
                    "commit backlog must be at least 1, got " + commitBacklog);
        }
        if (topSize < 0) {
            throw new IllegalArgumentException("top size must not be negative, got " + topSize);
        }
        if (flushInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "flush interval must not be negative, got " + flushInterval);
        }
    }

    /** The defaults a user gets with no flags (real AWS DynamoDB, region from the AWS chain). */
    public static JobConfig defaults() {
        return new JobConfig(
                DEFAULT_BOOTSTRAP_SERVERS,
                DEFAULT_TOPIC,
                DEFAULT_GROUP_ID,
                DEFAULT_TABLE,
                null,
                null,
                Durations.parse(DEFAULT_CHECKPOINT_INTERVAL),
                Integer.parseInt(DEFAULT_PARALLELISM),
                Durations.parse(DEFAULT_FLUSH_INTERVAL),
                new LowerCaseEnumConverter.DeliveryConverter().convert(DEFAULT_DELIVERY),
                Durations.parse(DEFAULT_KAFKA_TIMEOUT),
                new LowerCaseEnumConverter.StartingOffsetsConverter()
                        .convert(DEFAULT_STARTING_OFFSETS),
                null,
                new LowerCaseEnumConverter.StateBackendConverter().convert(DEFAULT_STATE_BACKEND),
                Integer.parseInt(DEFAULT_COMMIT_BACKLOG),
                KafkaClientSettings.none(),
                Windowing.off(),
                Integer.parseInt(DEFAULT_TOP_SIZE));
    }

    /** Where records and words that were not counted go: the flag, else {@code <topic>-dlq}. */
    public String deadLetterTopic() {
        return deadLetterTopicOrNull != null ? deadLetterTopicOrNull : topic + "-dlq";
    }

    /** The table of per-window counts (whether or not windows are on). */
    public String windowTable() {
        return windowing.table(table);
    }
}
