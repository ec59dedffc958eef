package dev.streamcount.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka controller port is not the user's to choose, so it must never stop a start: when the
 * one the log dir last used is taken by another program, the broker starts on another and its log
 * is intact. Before, the start failed with "Kafka controller cannot listen on …".
 */
class EmbeddedKafkaRestartTest {

    @Test
    void aRestartOnAnotherControllerPortKeepsTheLog(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            kafka.createTopic("t", 1);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(
                                    new ProducerRecord<>(
                                            "t", ("line " + i).getBytes(StandardCharsets.UTF_8)))
                            .get(30, TimeUnit.SECONDS);
                }
            }
        }
        Path remembered = dir.resolve("streamcount-controller-port");
        int last = Integer.parseInt(Files.readString(remembered).trim());

        try (ServerSocket taken = new ServerSocket(last, 1, InetAddress.getByName("127.0.0.1"));
                EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
                Admin admin =
                        Admin.create(
                                Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        kafka.bootstrapServers()))) {
            assertThat(Integer.parseInt(Files.readString(remembered).trim()))
                    .as("another controller port")
                    .isNotEqualTo(last);
            TopicPartition tp = new TopicPartition("t", 0);
            assertThat(
                            admin.listOffsets(Map.of(tp, OffsetSpec.latest()))
                                    .partitionResult(tp)
                                    .get(30, TimeUnit.SECONDS)
                                    .offset())
                    .as("the 10 records are still there")
                    .isEqualTo(10);
        }
    }
}
