package dev.streamcount.job.kafka;

import dev.streamcount.job.config.JobConfig;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The job's source: the records of the input topic, with where each came from. */
public final class KafkaRecordSource {

    private KafkaRecordSource() {}

    /**
     * Reads record values of {@code config.topic()}. A fresh start reads from {@link
     * JobConfig#startingOffsets()}; a restored job continues from its checkpointed offsets. Offsets
     * are also committed to Kafka on completed checkpoints, for monitoring lag; recovery uses the
     * checkpoint, never these.
     */
    public static KafkaSource<KafkaRecord> of(JobConfig config) {
        return builder(config).build();
    }

    /** The source's builder, for callers that bound it (tests drain a topic to its end offsets). */
    public static KafkaSourceBuilder<KafkaRecord> builder(JobConfig config) {
        return KafkaSource.<KafkaRecord>builder()
                .setProperties(config.kafkaClient().properties())
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
}
