package dev.streamcount.job.sink;

import dev.streamcount.job.count.DeadLetter;
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

    public KafkaDeadLetterSink(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    @Override
    public void addTo(DataStream<DeadLetter> deadLetters) {
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
