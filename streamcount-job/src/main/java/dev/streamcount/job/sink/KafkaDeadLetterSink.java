package dev.streamcount.job.sink;

import dev.streamcount.job.count.DeadLetter;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Dead letters as JSON to a Kafka topic, at least once: a replay after a failure may repeat one;
 * (topic, partition, offset, reason) identifies it. The topic is created at start by {@code
 * KafkaPreflight}.
 */
public final class KafkaDeadLetterSink implements DeadLetterSink {
    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final String topic;
    private final Properties clientSettings;

    /**
     * @param clientSettings Kafka client settings (security and the like) for the producer
     */
    public KafkaDeadLetterSink(String bootstrapServers, String topic, Properties clientSettings) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.clientSettings = clientSettings;
    }

    @Override
    public void addTo(DataStream<DeadLetter> deadLetters) {
        KafkaSink<DeadLetter> sink =
                KafkaSink.<DeadLetter>builder()
                        .setKafkaProducerConfig(clientSettings)
                        .setBootstrapServers(bootstrapServers)
                        .setRecordSerializer(
                                KafkaRecordSerializationSchema.<DeadLetter>builder()
                                        .setTopic(topic)
                                        .setValueSerializationSchema(new AsJson())
                                        .build())
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .build();
        deadLetters.sinkTo(sink).name("dead-letters").uid("dead-letters");
    }

    /**
     * A class, not a lambda: the 2.x Kafka sink reads the schema's type for Flink's lineage graph
     * and cannot infer it from a lambda.
     */
    static final class AsJson implements SerializationSchema<DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(DeadLetter letter) {
            return letter.toJson();
        }
    }
}
