package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.sink.WordCountTable;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Bad input never stops the job: every kind below goes through the running job, which keeps
 * counting every valid word exactly, and reports what it skipped in the dead-letter topic.
 */
class BadInputITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = LocalServices.miniCluster(2);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    @Test
    void everyKindOfBadInputIsSurvivedCountedAndReported() throws Exception {
        JobConfig config = SERVICES.newConfig();
        List<byte[]> records = new ArrayList<>();
        records.add(null); // 0: tombstone
        records.add(new byte[0]); // 1: empty
        records.add(
                concat(
                        "big5 ",
                        "中文字測試".getBytes(Charset.forName("Big5")),
                        " bytes")); // 2: not UTF-8
        records.add(
                concat(
                        "shift ",
                        "日本語のテキスト".getBytes(Charset.forName("Shift_JIS")),
                        " jis")); // 3: not UTF-8
        records.add(
                new byte[] {
                    'n', 'u', 'l', 0, 'c', 't', 'r', 'l', 7, 27, 'b', 'y', 't', 'e', 's', 0, 0
                }); // 4
        records.add(
                ("x".repeat(3000) + " oversize neighbour")
                        .getBytes(StandardCharsets.UTF_8)); // 5: word > 2048 bytes
        records.add(
                ("é".repeat(1024) + " exactly")
                        .getBytes(StandardCharsets.UTF_8)); // 6: a 2048-byte word
        records.add(
                "שלום עולם مرحبا بالعالم 👋🏽 cafe\u0301 नमस्ते 東京タワー ΑΘΗΝΑ"
                        .getBytes(StandardCharsets.UTF_8)); // 7
        records.add(bigRecord()); // 8: ~1 MB, 330k words
        records.add("still counting after all that".getBytes(StandardCharsets.UTF_8)); // 9

        ReferenceWordCount reference = new ReferenceWordCount();
        records.forEach(reference::add);
        assertThat(reference.counts())
                .containsKey("é".repeat(1024))
                .doesNotContainKey("x".repeat(3000));

        try (DynamoDbClient client = SERVICES.dynamoClient(config)) {
            JobClient job =
                    StreamCountJob.start(
                            StreamExecutionEnvironment.getExecutionEnvironment(), config);
            try {
                List<RecordMetadata> sent = produceEach(config, records);
                assertThat(
                                TableMatch.await(
                                        client,
                                        config.table(),
                                        reference.counts(),
                                        Duration.ofSeconds(120)))
                        .isEmpty();
                assertThat(LocalServices.sum(WordCountTable.scanAll(client, config.table())))
                        .isEqualTo(reference.words());
                assertThat(job.getJobStatus().get())
                        .as("the job is still running")
                        .hasToString("RUNNING");

                Set<String> expectedDeadLetters =
                        Set.of(
                                deadLetter(config, sent.get(0), "tombstone"),
                                deadLetter(config, sent.get(1), "empty record"),
                                deadLetter(
                                        config,
                                        sent.get(5),
                                        "word of 3000 UTF-8 bytes exceeds DynamoDB's 2048-byte key"
                                                + " limit"));
                assertThat(LocalServices.readDeadLetters(config, expectedDeadLetters.size()))
                        .isEqualTo(expectedDeadLetters);
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static byte[] bigRecord() {
        StringBuilder sb = new StringBuilder(1_000_000);
        String[] words = {"ka", "lo", "mi"};
        for (int i = 0; sb.length() < 990_000; i++) {
            sb.append(words[i % 3]).append(' ');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.US_ASCII);
        byte[] c = after.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }

    private static List<RecordMetadata> produceEach(JobConfig config, List<byte[]> records)
            throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", config.bootstrapServers());
        p.put("acks", "all");
        p.put("max.request.size", Integer.toString(1_048_576));
        List<RecordMetadata> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] r : records) {
                sent.add(
                        producer.send(new ProducerRecord<>(config.topic(), r))
                                .get(30, TimeUnit.SECONDS));
            }
        }
        return sent;
    }

    private static String deadLetter(JobConfig config, RecordMetadata m, String reason) {
        return "{\"topic\":\""
                + config.topic()
                + "\",\"partition\":"
                + m.partition()
                + ",\"offset\":"
                + m.offset()
                + ",\"reason\":\""
                + reason
                + "\"}";
    }
}
