package dev.streamcount.job;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
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
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The Kafka side of the job: the source, and a check at start that Kafka and the topic are there. */
public final class KafkaSources {

    private KafkaSources() {}

    /**
     * Reads record values of {@code config.topic()}. A fresh start reads from
     * {@link JobConfig#startingOffsets()}; a restored job continues from its checkpointed offsets.
     * Offsets are also committed to Kafka on completed checkpoints, for monitoring lag; recovery uses
     * the checkpoint, never these.
     */
    public static KafkaSource<byte[]> source(JobConfig config) {
        return builder(config).build();
    }

    /** The source's builder, for callers that bound it (tests drain a topic to its end offsets). */
    public static KafkaSourceBuilder<byte[]> builder(JobConfig config) {
        return KafkaSource.<byte[]>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.topic())
                .setGroupId(config.groupId())
                .setClientIdPrefix("streamcount-" + config.groupId())
                .setStartingOffsets(
                        config.startingOffsets() == JobConfig.StartingOffsets.COMMITTED
                                ? OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)
                                : OffsetsInitializer.earliest())
                .setDeserializer(new ValueBytes())
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
            Map<String, TopicDescription> topics =
                    admin.describeTopics(List.of(config.topic()))
                            .allTopicNames()
                            .get(timeoutMs, TimeUnit.MILLISECONDS);
            return topics.get(config.topic());
        } catch (TimeoutException | ExecutionException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof UnknownTopicOrPartitionException) {
                throw new StreamCountException(
                        "Kafka topic '" + config.topic() + "' does not exist at " + config.bootstrapServers());
            }
            if (cause instanceof TimeoutException
                    || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new StreamCountException(
                        "Kafka unreachable at " + config.bootstrapServers() + ": no broker answered within "
                                + format(config.kafkaTimeout()) + " (change it with --kafka-timeout)");
            }
            throw new StreamCountException(
                    "Kafka at " + config.bootstrapServers() + " failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamCountException("Interrupted while waiting for Kafka at " + config.bootstrapServers());
        }
    }

    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** Emits each record's value bytes; a tombstone (null value) becomes an empty array. */
    static final class ValueBytes implements KafkaRecordDeserializationSchema<byte[]> {
        private static final long serialVersionUID = 1L;
        private static final byte[] EMPTY = new byte[0];

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<byte[]> out)
                throws IOException {
            byte[] value = record.value();
            out.collect(value == null ? EMPTY : value);
        }

        @Override
        public TypeInformation<byte[]> getProducedType() {
            return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
        }
    }
}
