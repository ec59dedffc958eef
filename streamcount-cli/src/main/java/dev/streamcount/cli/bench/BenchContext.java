package dev.streamcount.cli.bench;

import dev.streamcount.cli.StatusMetrics;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.kafka.KafkaRecord;
import dev.streamcount.job.kafka.KafkaRecordSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the phases share: the services, the preloaded input and the settings ({@link Setup}), the
 * latency markers earlier phases left in the topic, and the ways a phase runs a job and waits.
 */
final class BenchContext {

    /** The settings and the preloaded input every phase reads. */
    record Setup(
            JobConfig base,
            BenchInput input,
            int naiveWords,
            int markers,
            Duration markerSpacing,
            int ceilingItems,
            int ceilingInFlight,
            Duration timeout) {}

    private final Setup setup;
    private final DynamoDbClient client;

    /** Latency markers earlier phases added to the topic: later phases count them too. */
    private final Map<String, Long> markersInTopic = new HashMap<>();

    private int markerRounds;

    BenchContext(Setup setup, DynamoDbClient client) {
        this.setup = setup;
        this.client = client;
    }

    Setup setup() {
        return setup;
    }

    DynamoDbClient client() {
        return client;
    }

    /** Marker words in the topic, each counted once: every later phase must count them too. */
    Map<String, Long> markersInTopic() {
        return markersInTopic;
    }

    /** A new round of markers, so each phase's markers are new words. */
    int nextMarkerRound() {
        return markerRounds++;
    }

    /** DynamoDB items/s over the time items were being written (100 ms steps). */
    static String writeRate(long items, long fromNanos, long toNanos) {
        double writing = DynamoDbWriteMeter.writingSeconds(fromNanos, toNanos);
        return writing == 0
                ? "no writes"
                : String.format("%,.0f items/s while writing (%.1f s)", items / writing, writing);
    }

    Source<KafkaRecord, ?, ?> boundedSource(JobConfig config) {
        return KafkaRecordSource.builder(config).setBounded(OffsetsInitializer.latest()).build();
    }

    /** Runs a bounded job to its end; seconds from its first record read to its end. */
    double runBounded(StreamExecutionEnvironment env, String name) throws Exception {
        awaitNoRunningTasks();
        try (FirstRecordClock clock = FirstRecordClock.start()) {
            JobClient job = env.executeAsync(name);
            job.getJobExecutionResult().get(setup.timeout().toSeconds(), TimeUnit.SECONDS);
            long end = System.nanoTime();
            return (end - clock.firstRecordNanos()) / 1e9;
        }
    }

    KafkaConsumer<byte[], byte[]> consumer(String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, setup.base().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) {
        return consumer.partitionsFor(setup.base().topic()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Waits until the previous job's tasks have unregistered their metrics, so sums start at 0. */
    static void awaitNoRunningTasks() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (StatusMetrics.sum("recordsIn") != 0) {
            check(System.nanoTime() < deadline, "the previous phase's job did not stop within 60s");
            Thread.sleep(20);
        }
    }

    static void awaitCounter(String counter, long target, long deadline, String phase)
            throws InterruptedException {
        while (StatusMetrics.sum(counter) < target) {
            check(
                    System.nanoTime() < deadline,
                    phase
                            + ": "
                            + counter
                            + " is "
                            + StatusMetrics.sum(counter)
                            + ", expected "
                            + target
                            + " by the deadline");
            Thread.sleep(5);
        }
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
