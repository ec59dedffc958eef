package dev.streamcount.job;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the job needs to know, parsed once and immutable. Defaults live here and nowhere else;
 * {@link JobOptions} maps command-line flags onto it.
 *
 * @param dynamoDbEndpoint the DynamoDB endpoint, or null for real AWS
 * @param region the AWS region, or null to use the AWS default region chain (else us-east-1)
 */
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
        StateBackend stateBackend)
        implements Serializable {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:19092";
    public static final String DEFAULT_TOPIC = "input";
    public static final String DEFAULT_GROUP_ID = "streamcount";
    public static final String DEFAULT_TABLE = "WordCounts";
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration LOCAL_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_PARALLELISM = 2;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_KAFKA_TIMEOUT = Duration.ofSeconds(30);

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
        Objects.requireNonNull(stateBackend, "stateBackend");
        Objects.requireNonNull(startingOffsets, "startingOffsets");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(kafkaTimeout, "kafkaTimeout");
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "parallelism must be at least 1, got " + parallelism);
        }
        if (checkpointInterval.toMillis() < 10) {
            throw new IllegalArgumentException(
                    "checkpoint interval must be at least 10ms, got " + checkpointInterval);
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
                DEFAULT_CHECKPOINT_INTERVAL,
                DEFAULT_PARALLELISM,
                DEFAULT_FLUSH_INTERVAL,
                Delivery.EXACTLY_ONCE,
                DEFAULT_KAFKA_TIMEOUT,
                StartingOffsets.EARLIEST,
                null,
                StateBackend.HASHMAP);
    }

    public JobConfig withBootstrapServers(String v) {
        return new JobConfig(
                v,
                topic,
                groupId,
                table,
                dynamoDbEndpoint,
                region,
                checkpointInterval,
                parallelism,
                flushInterval,
                delivery,
                kafkaTimeout,
                startingOffsets,
                deadLetterTopicOrNull,
                stateBackend);
    }

    public JobConfig withTopic(String v) {
        return new JobConfig(
                bootstrapServers,
                v,
                groupId,
                table,
                dynamoDbEndpoint,
                region,
                checkpointInterval,
                parallelism,
                flushInterval,
                delivery,
                kafkaTimeout,
                startingOffsets,
                deadLetterTopicOrNull,
                stateBackend);
    }

    public JobConfig withGroupId(String v) {
        return new JobConfig(
                bootstrapServers,
                topic,
                v,
                table,
                dynamoDbEndpoint,
                region,
                checkpointInterval,
                parallelism,
                flushInterval,
                delivery,
                kafkaTimeout,
                startingOffsets,
                deadLetterTopicOrNull,
                stateBackend);
    }

    public JobConfig withTable(String v) {
        return new JobConfig(
                bootstrapServers,
                topic,
                groupId,
                v,
                dynamoDbEndpoint,
                region,
                checkpointInterval,
                parallelism,
                flushInterval,
                delivery,
                kafkaTimeout,
                startingOffsets,
                deadLetterTopicOrNull,
                stateBackend);
    }

    public JobConfig withDynamoDbEndpoint(URI v) {
        return new JobConfig(
                bootstrapServers,
                topic,
                groupId,
                table,
                v,
                region,
                checkpointInterval,
                parallelism,
                flushInterval,
                delivery,
                kafkaTimeout,
                startingOffsets,
                deadLetterTopicOrNull,
                stateBackend);
    }

    public JobConfig withRegion(String v) {
        return new JobConfig(
                bootstrapServers,
                topic,
                groupId,
                table,
                dynamoDbEndpoint,
                v,
                checkpointInterval,
                parallelism,
                flushInterval,
                delivery,
                kafkaTimeout,
                startingOffsets,
                deadLetterTopicOrNull,
                stateBackend);
    }

    public JobConfig withCheckpointInterval(Duration v) {
        return new JobConfig(
                bootstrapServers,
                topic,
                groupId,
                table,
                dynamoDbEndpoint,
                region,
                v,
                parallelism,
                flushInterval,
                delivery,
                kafkaTimeout,
                startingOffsets,
                deadLetterTopicOrNull,
                stateBackend);
    }

    public JobConfig withParallelism(int v) {
        return new JobConfig(
                bootstrapServers,
                topic,
                groupId,
                table,
                dynamoDbEndpoint,
                region,
                checkpointInterval,
                v,
                flushInterval,
                delivery,
                kafkaTimeout,
                startingOffsets,
                deadLetterTopicOrNull,
                stateBackend);
    }

    public JobConfig withFlushInterval(Duration v) {
        return new JobConfig(
                bootstrapServers,
                topic,
                groupId,
                table,
                dynamoDbEndpoint,
                region,
                checkpointInterval,
                parallelism,
                v,
                delivery,
                kafkaTimeout,
                startingOffsets,
                deadLetterTopicOrNull,
                stateBackend);
    }

    public JobConfig withDelivery(Delivery v) {
        return new JobConfig(
                bootstrapServers,
                topic,
                groupId,
                table,
                dynamoDbEndpoint,
                region,
                checkpointInterval,
                parallelism,
                flushInterval,
                v,
                kafkaTimeout,
                startingOffsets,
                deadLetterTopicOrNull,
                stateBackend);
    }

    public JobConfig withKafkaTimeout(Duration v) {
        return new JobConfig(
                bootstrapServers,
                topic,
                groupId,
                table,
                dynamoDbEndpoint,
                region,
                checkpointInterval,
                parallelism,
                flushInterval,
                delivery,
                v,
                startingOffsets,
                deadLetterTopicOrNull,
                stateBackend);
    }

    public JobConfig withStartingOffsets(StartingOffsets v) {
        return new JobConfig(
                bootstrapServers,
                topic,
                groupId,
                table,
                dynamoDbEndpoint,
                region,
                checkpointInterval,
                parallelism,
                flushInterval,
                delivery,
                kafkaTimeout,
                v,
                deadLetterTopicOrNull,
                stateBackend);
    }

    public JobConfig withDeadLetterTopic(String v) {
        return new JobConfig(
                bootstrapServers,
                topic,
                groupId,
                table,
                dynamoDbEndpoint,
                region,
                checkpointInterval,
                parallelism,
                flushInterval,
                delivery,
                kafkaTimeout,
                startingOffsets,
                v,
                stateBackend);
    }

    /** Where records and words that were not counted go: the flag, else {@code <topic>-dlq}. */
    public String deadLetterTopic() {
        return deadLetterTopicOrNull != null ? deadLetterTopicOrNull : topic + "-dlq";
    }

    public JobConfig withStateBackend(StateBackend v) {
        return new JobConfig(
                bootstrapServers,
                topic,
                groupId,
                table,
                dynamoDbEndpoint,
                region,
                checkpointInterval,
                parallelism,
                flushInterval,
                delivery,
                kafkaTimeout,
                startingOffsets,
                deadLetterTopicOrNull,
                v);
    }
}
