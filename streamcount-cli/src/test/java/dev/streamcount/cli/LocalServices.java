package dev.streamcount.cli;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.local.EmbeddedDynamoDb;
import dev.streamcount.local.EmbeddedKafka;
import dev.streamcount.local.TextGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.core.testutils.CommonTestUtils;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * JUnit extension: one embedded Kafka and one in-memory DynamoDB store per test class, on free
 * loopback ports. Each test takes its own topic and table from {@link #newConfig()}.
 */
final class LocalServices implements BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final boolean dynamoOnDisk;
    private Path dir;
    private EmbeddedKafka kafka;
    private EmbeddedDynamoDb dynamo;

    LocalServices() {
        this(false);
    }

    /**
     * @param dynamoOnDisk keep tables in files, so they survive stopping and restarting DynamoDB
     *     Local
     */
    LocalServices(boolean dynamoOnDisk) {
        this.dynamoOnDisk = dynamoOnDisk;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("streamcount-it");
        dynamo = EmbeddedDynamoDb.start(0, dynamoOnDisk ? dir.resolve("dynamodb") : null);
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (kafka != null) kafka.close();
        if (dynamo != null) dynamo.close();
        FileUtils.deleteDirectoryQuietly(dir.toFile());
    }

    /** A MiniCluster shared by a test class: one TaskManager with {@code slots} slots. */
    static MiniClusterExtension miniCluster(int slots) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .build());
    }

    EmbeddedKafka kafka() {
        return kafka;
    }

    EmbeddedDynamoDb dynamo() {
        return dynamo;
    }

    /** A config on these services with a fresh 2-partition topic, a fresh table name and group. */
    JobConfig newConfig() {
        int id = IDS.incrementAndGet();
        String topic = "input-" + id;
        kafka.createTopic(topic, 2);
        return JobConfig.defaults()
                .withBootstrapServers(kafka.bootstrapServers())
                .withDynamoDbEndpoint(dynamo.endpoint())
                .withTopic(topic)
                .withTable("WordCounts" + id)
                .withGroupId("it-" + id)
                .withCheckpointInterval(Duration.ofMillis(300))
                .withFlushInterval(Duration.ofMillis(200))
                .withKafkaTimeout(Duration.ofSeconds(20));
    }

    DynamoDbClient dynamoClient(JobConfig config) {
        return DynamoDbClients.sync(AwsSettings.of(config));
    }

    /**
     * Produces generated lines until {@code words} words were written; returns the records sent.
     */
    static long produce(JobConfig config, TextGenerator generator, long words) {
        long target = generator.wordsGenerated() + words;
        RecordProducer producer = new RecordProducer(config);
        try (producer) {
            while (generator.wordsGenerated() < target) {
                producer.send(generator.nextLine().getBytes(StandardCharsets.UTF_8));
            }
        }
        if (producer.failed() > 0) {
            throw new IllegalStateException("producing failed", producer.firstError());
        }
        return producer.acked();
    }

    static void produce(JobConfig config, List<byte[]> records) {
        RecordProducer producer = new RecordProducer(config);
        try (producer) {
            records.forEach(producer::send);
        }
        if (producer.failed() > 0) {
            throw new IllegalStateException("producing failed", producer.firstError());
        }
    }

    /** Polls {@code condition} every 20 ms until it holds, failing after {@code timeout}. */
    static void await(BooleanSupplier condition, Duration timeout, String what) throws Exception {
        CommonTestUtils.waitUtil(
                condition::getAsBoolean,
                timeout,
                Duration.ofMillis(20),
                "timed out waiting for: " + what);
    }

    static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Reads the dead-letter topic until {@code expected} distinct entries arrived, or 60 s passed.
     */
    static Set<String> readDeadLetters(JobConfig config, int expected) {
        Properties p = new Properties();
        p.put("bootstrap.servers", config.bootstrapServers());
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(config.deadLetterTopic()).stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return seen;
    }

    /** Deletes every record of {@code config}'s topic so far (both partitions). */
    void deleteEverythingProducedSoFar(JobConfig config) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> latest =
                    Map.of(
                            new TopicPartition(config.topic(), 0), OffsetSpec.latest(),
                            new TopicPartition(config.topic(), 1), OffsetSpec.latest());
            Map<TopicPartition, RecordsToDelete> delete =
                    admin.listOffsets(latest).all().get().entrySet().stream()
                            .collect(
                                    Collectors.toMap(
                                            Map.Entry::getKey,
                                            e ->
                                                    RecordsToDelete.beforeOffset(
                                                            e.getValue().offset())));
            admin.deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
        }
    }
}
