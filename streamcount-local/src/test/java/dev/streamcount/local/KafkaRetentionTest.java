package dev.streamcount.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker keeps records however old they are: a start without state recounts the topic
 * from its beginning, so a record deleted by retention would be a count lost. Records stamped 30
 * days ago go to a topic with the broker's defaults and to a control topic with a 1 s retention,
 * both in segments of 1 MiB (four or so); once the retention check has deleted the control topic's
 * old segments (proof it ran), the first topic still starts at offset 0. Before the fix (Kafka's
 * default of 7 days) this test failed: the first topic lost its segments in the same check.
 */
class KafkaRetentionTest {

    private static final int RECORDS = 200;

    /** The smallest segment Kafka 4 allows; 200 records of 20 KB fill about four. */
    private static final String SEGMENT_BYTES = Integer.toString(1024 * 1024);

    @Test
    void recordsOlderThanKafkasDefaultRetentionAreKept(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka =
                        EmbeddedKafka.start(
                                dir,
                                0,
                                null,
                                Map.of(
                                        "log.retention.check.interval.ms", "200",
                                        "log.initial.task.delay.ms", "0"));
                Admin admin =
                        Admin.create(
                                Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        kafka.bootstrapServers()))) {
            admin.createTopics(
                            List.of(
                                    new NewTopic("kept", 1, (short) 1)
                                            .configs(Map.of("segment.bytes", SEGMENT_BYTES)),
                                    new NewTopic("control", 1, (short) 1)
                                            .configs(
                                                    Map.of(
                                                            "segment.bytes",
                                                            SEGMENT_BYTES,
                                                            "retention.ms",
                                                            "1000"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            long monthAgo = System.currentTimeMillis() - Duration.ofDays(30).toMillis();
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                byte[] line =
                        "an old line of words, counted once. "
                                .repeat(20_000 / 36)
                                .getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < RECORDS; i++) {
                    for (String topic : List.of("kept", "control")) {
                        producer.send(new ProducerRecord<>(topic, 0, monthAgo, null, line));
                    }
                }
            }

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (earliest(admin, "control") == 0) {
                assertThat(System.nanoTime())
                        .as("the control topic's old segments deleted within 60 s")
                        .isLessThan(deadline);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            assertThat(earliest(admin, "kept")).as("first offset kept").isZero();
        }
    }

    private static long earliest(Admin admin, String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(tp, OffsetSpec.earliest()))
                .partitionResult(tp)
                .get(30, TimeUnit.SECONDS)
                .offset();
    }
}
