package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.local.Ports;
import dev.streamcount.local.TextGenerator;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code local} on a small file system that text fills: it stops by itself with a savepoint, within
 * seconds, with one line naming the data dir, the free space and what to do; given more space, the
 * next start resumes from that savepoint to exactly the counts of what Kafka holds.
 *
 * <p>Needs root to mount a tmpfs; skipped otherwise, saying so.
 */
class DiskFullITCase {

    private static boolean mount(Path dir, String size) throws Exception {
        Process p =
                new ProcessBuilder(
                                "mount",
                                "-t",
                                "tmpfs",
                                "-o",
                                "size=" + size,
                                "tmpfs",
                                dir.toString())
                        .redirectErrorStream(true)
                        .start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0)
                .as("%s: %s", String.join(" ", cmd), new String(p.getInputStream().readAllBytes()))
                .isTrue();
    }

    @Test
    void aFullDiskStopsLocalCleanlyAndMoreSpaceResumesExactly(@TempDir Path tmp) throws Exception {
        Path disk = tmp.resolve("disk");
        Files.createDirectories(disk);
        assumeTrue(
                mount(disk, "64m"),
                "mounting a tmpfs needs root (or CAP_SYS_ADMIN): cannot make a small disk here");
        try {
            int kafkaPort = Ports.free();
            int dynamoPort = Ports.free();
            Path data = disk.resolve("data");
            Path log = tmp.resolve("local-1.log");
            long produced;
            long stoppedAt;
            try (LocalProcess local =
                    LocalProcess.start(
                            data, kafkaPort, dynamoPort, 0, log, "--min-free-space", "40mb")) {
                local.awaitLine("Fresh start", Duration.ofSeconds(90));
                produced = fill(kafkaPort, local.process(), 100L << 20);
                local.awaitLine("stopping the job", Duration.ofSeconds(60));
                long stopping = System.nanoTime();
                assertThat(local.process().waitFor(60, TimeUnit.SECONDS))
                        .as("local stopped by itself; log:\n%s", local.log())
                        .isTrue();
                stoppedAt = System.nanoTime();
                long stopSeconds = TimeUnit.NANOSECONDS.toSeconds(stoppedAt - stopping);
                System.out.println(
                        "stopped "
                                + stopSeconds
                                + " s after it began stopping; its last lines:\n"
                                + String.join(
                                        "\n",
                                        local.log()
                                                .lines()
                                                .skip(Math.max(0, local.log().lines().count() - 4))
                                                .toList()));
                assertThat(stopSeconds).as("a clean stop within seconds").isLessThan(30);
                String out = local.log();
                assertThat(local.process().exitValue()).as(out).isEqualTo(1);
                assertThat(out)
                        .as("the fault fired: the disk filled")
                        .contains("streamcount: savepoint file:");
                // The last line local printed (a stack trace may follow: the test sets
                // STREAMCOUNT_DEBUG).
                String last =
                        out.lines()
                                .filter(l -> l.startsWith("streamcount: "))
                                .reduce((a, b) -> b)
                                .orElse("");
                assertThat(last)
                        .as(out)
                        .startsWith(
                                "streamcount: The disk of the data dir "
                                        + data.toAbsolutePath()
                                        + " is nearly full (")
                        .endsWith(
                                "free; local stops below 10 MB): stopped; free some space and"
                                        + " start again to resume where it stopped");
                assertThat(out.lines().filter(l -> l.contains("No space left on device")))
                        .as("stopped before anything failed to write")
                        .isEmpty();
            }
            System.out.println("produced " + produced + " records before the stop");

            run("mount", "-o", "remount,size=512m", disk.toString());
            JobConfig config =
                    JobConfig.defaults()
                            .withBootstrapServers("127.0.0.1:" + kafkaPort)
                            .withDynamoDbEndpoint(URI.create("http://127.0.0.1:" + dynamoPort));
            try (LocalProcess local =
                            LocalProcess.start(
                                    data,
                                    kafkaPort,
                                    dynamoPort,
                                    0,
                                    tmp.resolve("local-2.log"),
                                    "--min-free-space",
                                    "40mb");
                    DynamoDbClient client = DynamoDbClients.sync(AwsSettings.of(config))) {
                local.awaitLine("Resumed from", Duration.ofSeconds(90));
                Map<String, Long> expected = countTopic(config);
                assertThat(expected).as("the topic kept what was produced").isNotEmpty();
                assertThat(
                                TableMatch.await(
                                        client, config.table(), expected, Duration.ofSeconds(180)))
                        .as("resumed to the exact counts of the topic; log:\n%s", local.log())
                        .isEmpty();
            }
            System.out.println(
                    "resumed exactly "
                            + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stoppedAt)
                            + " s after the stop");
        } finally {
            new ProcessBuilder("umount", "-l", disk.toString())
                    .start()
                    .waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Produces generated text, 1 MB at a time, until {@code bytes} or until local stops. */
    private static long fill(int kafkaPort, Process local, long bytes) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", "127.0.0.1:" + kafkaPort);
        p.put("acks", "all");
        p.put("linger.ms", "5");
        p.put("delivery.timeout.ms", "5000");
        p.put("request.timeout.ms", "2000");
        p.put("max.block.ms", "2000");
        TextGenerator text = new TextGenerator(3, 20_000, 1.1);
        AtomicLong acked = new AtomicLong();
        AtomicBoolean failed = new AtomicBoolean();
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            while (sent < bytes && local.isAlive() && !failed.get()) {
                long chunk = 0;
                // Stops at the first failed send: with the broker gone, every further send would
                // wait max.block.ms for metadata (Kafka 4 clients drop it on disconnect).
                while (chunk < 1 << 20 && !failed.get()) {
                    byte[] line = text.nextLine().getBytes(StandardCharsets.UTF_8);
                    producer.send(
                            new ProducerRecord<>("input", line),
                            (m, e) -> {
                                if (e == null) {
                                    acked.incrementAndGet();
                                } else {
                                    failed.set(true);
                                }
                            });
                    chunk += line.length;
                }
                sent += chunk;
                try {
                    producer.flush();
                } catch (RuntimeException brokerGone) {
                    break;
                }
            }
        } catch (RuntimeException closing) {
            // The broker stopped while records were in flight: they failed, and are not in the
            // topic, which is what the expected counts are taken from.
        }
        return acked.get();
    }

    /** The counts of every record in the input topic, by the reference count, not the job. */
    private static Map<String, Long> countTopic(JobConfig config) throws IOException {
        Properties p = new Properties();
        p.put("bootstrap.servers", config.bootstrapServers());
        ReferenceWordCount reference = new ReferenceWordCount();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(config.topic()).stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    reference.add(r.value());
                }
            }
        }
        return reference.counts();
    }
}
