package dev.streamcount.job;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of the job: the source, and a check at start that Kafka and the topic are there.
 */
public final class KafkaSources {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSources.class);

    private KafkaSources() {}

    /**
     * Reads record values of {@code config.topic()}. A fresh start reads from {@link
     * JobConfig#startingOffsets()}; a restored job continues from its checkpointed offsets. Offsets
     * are also committed to Kafka on completed checkpoints, for monitoring lag; recovery uses the
     * checkpoint, never these.
     */
    public static KafkaSource<KafkaRecord> source(JobConfig config) {
        return builder(config).build();
    }

    /** The source's builder, for callers that bound it (tests drain a topic to its end offsets). */
    public static KafkaSourceBuilder<KafkaRecord> builder(JobConfig config) {
        return KafkaSource.<KafkaRecord>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.topic())
                .setGroupId(config.groupId())
                .setClientIdPrefix("streamcount-" + config.groupId())
                .setStartingOffsets(
                        config.startingOffsets() == JobConfig.StartingOffsets.COMMITTED
                                ? OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)
                                : OffsetsInitializer.earliest())
                .setDeserializer(new Records())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("partition.discovery.interval.ms", "10000");
    }

    /**
     * Waits up to {@code config.kafkaTimeout()} for the brokers to describe the topic.
     *
     * @throws StreamCountException naming the address and what was waited for
     */
    public static TopicDescription checkTopic(JobConfig config) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, config.kafkaTimeout().toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 10_000));
        try (Admin admin = Admin.create(props)) {
            KafkaFuture<Map<String, TopicDescription>> described =
                    admin.describeTopics(List.of(config.topic())).allTopicNames();
            long quick = Math.min(2_000, timeoutMs);
            try {
                return described.get(quick, TimeUnit.MILLISECONDS).get(config.topic());
            } catch (TimeoutException notYet) {
                // No silent hang: say what we are waiting for, and for how long.
                LOG.warn(
                        "Waiting up to {} for Kafka at {} (topic '{}'); change the limit with"
                                + " --kafka-timeout",
                        format(config.kafkaTimeout()),
                        config.bootstrapServers(),
                        config.topic());
                return described.get(timeoutMs - quick, TimeUnit.MILLISECONDS).get(config.topic());
            }
        } catch (TimeoutException | ExecutionException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof UnknownTopicOrPartitionException) {
                throw new StreamCountException(
                        "Kafka topic '"
                                + config.topic()
                                + "' does not exist at "
                                + config.bootstrapServers());
            }
            if (cause instanceof TimeoutException
                    || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new StreamCountException(
                        "Kafka unreachable at "
                                + config.bootstrapServers()
                                + ": no broker answered within "
                                + format(config.kafkaTimeout())
                                + " (change it with --kafka-timeout)");
            }
            throw new StreamCountException(
                    "Kafka at " + config.bootstrapServers() + " failed: " + cause.getMessage(),
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamCountException(
                    "Interrupted while waiting for Kafka at " + config.bootstrapServers());
        }
    }

    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** Emits each record's origin and value bytes; a tombstone keeps a null value. */
    public static final class Records implements KafkaRecordDeserializationSchema<KafkaRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaRecord> out)
                throws IOException {
            out.collect(
                    new KafkaRecord(
                            record.topic(), record.partition(), record.offset(), record.value()));
        }

        @Override
        public TypeInformation<KafkaRecord> getProducedType() {
            return TypeInformation.of(KafkaRecord.class);
        }
    }

    /**
     * Dead letters as JSON to {@code config.deadLetterTopic()}, at least once: a replay after a
     * failure may repeat one; (topic, partition, offset, reason) identifies it.
     */
    public static DeadLetterSinkImpl deadLetterSink(JobConfig config) {
        return new DeadLetterSinkImpl(config.bootstrapServers(), config.deadLetterTopic());
    }

    /** The Kafka dead-letter sink. */
    public static final class DeadLetterSinkImpl implements StreamCountTopology.DeadLetterSink {
        private static final long serialVersionUID = 1L;
        private final String bootstrapServers;
        private final String topic;

        DeadLetterSinkImpl(String bootstrapServers, String topic) {
            this.bootstrapServers = bootstrapServers;
            this.topic = topic;
        }

        @Override
        public void addTo(
                org.apache.flink.streaming.api.datastream.DataStream<DeadLetter> deadLetters) {
            KafkaSink<DeadLetter> sink =
                    KafkaSink.<DeadLetter>builder()
                            .setBootstrapServers(bootstrapServers)
                            .setRecordSerializer(
                                    KafkaRecordSerializationSchema.<DeadLetter>builder()
                                            .setTopic(topic)
                                            .setValueSerializationSchema(
                                                    (SerializationSchema<DeadLetter>)
                                                            DeadLetter::toJson)
                                            .build())
                            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                            .build();
            deadLetters.sinkTo(sink).name("dead-letters").uid("dead-letters");
        }
    }

    /**
     * Creates the dead-letter topic if it does not exist (one partition is plenty for rare
     * records).
     */
    public static void ensureDeadLetterTopic(JobConfig config) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            if (!admin.listTopics()
                    .names()
                    .get(30, TimeUnit.SECONDS)
                    .contains(config.deadLetterTopic())) {
                admin.createTopics(
                                List.of(
                                        new org.apache.kafka.clients.admin.NewTopic(
                                                config.deadLetterTopic(),
                                                java.util.Optional.empty(),
                                                java.util.Optional.empty())))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new StreamCountException(
                        "Cannot create the dead-letter topic '"
                                + config.deadLetterTopic()
                                + "' at "
                                + config.bootstrapServers()
                                + ": "
                                + e.getCause().getMessage()
                                + " (create it, or name another with --dead-letter-topic)",
                        e);
            }
        } catch (TimeoutException e) {
            throw new StreamCountException(
                    "Kafka at "
                            + config.bootstrapServers()
                            + " did not answer while checking the dead-letter topic");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamCountException("Interrupted while checking the dead-letter topic");
        }
    }
}
