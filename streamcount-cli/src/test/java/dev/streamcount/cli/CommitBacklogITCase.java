package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.StreamCountTopology;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.kafka.KafkaRecordSource;
import dev.streamcount.job.sink.DeadLetterSink;
import dev.streamcount.job.sink.DynamoDbClientProvider;
import dev.streamcount.job.sink.ExactlyOnceDynamoDbSink;
import dev.streamcount.job.sink.WordCountTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A stream of new words faster than DynamoDB takes them: every slice of input is a thousand words
 * never seen before, produced as soon as a checkpoint completed after the previous one, while every
 * write is slowed down. Without a limit the committer's backlog grows with the vocabulary; with
 * one, each subtask's backlog stays within the limit plus what one checkpoint hands over, counting
 * pauses instead, and the table still ends exact.
 *
 * <p>Negative control (done by hand): with the limit at {@code Integer.MAX_VALUE} the peak backlog
 * of a subtask was 17,786 words (40,000 words then; 30,000 now) and the test failed.
 */
class CommitBacklogITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static final int SLICES = 30;
    private static final int WORDS_PER_SLICE = 1_000;
    private static final int WORDS_PER_LINE = 20;
    private static final int BACKLOG = 500;

    @Test
    void theBacklogStaysBoundedWhileDynamoDbIsTheBottleneck() throws Exception {
        JobConfig config = SERVICES.newConfig().withCheckpointInterval(Duration.ofMillis(200));
        AwsSettings aws = AwsSettings.resolve(config.dynamoDbEndpoint(), config.region());
        // Every request waits up to 100 ms: DynamoDB takes fewer words per second than arrive.
        String runId = "backlog";
        FaultyDynamoDbClient.Plan slow = new FaultyDynamoDbClient.Plan(0, 0, 0, 1.0, 100, 0, false);
        DynamoDbClientProvider clients =
                () ->
                        new FaultyDynamoDbClient(
                                DynamoDbClients.sync(aws, false),
                                slow,
                                runId,
                                new Random().nextLong());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamCountTopology.configure(env, config);
        StreamCountTopology.build(
                env,
                KafkaRecordSource.builder(config).build(),
                config.flushInterval(),
                new ExactlyOnceDynamoDbSink(config.table(), clients, 1, BACKLOG),
                DeadLetterSink.discard());

        Map<String, Long> expected = new HashMap<>();
        try (DynamoDbClient client = SERVICES.dynamoClient(config)) {
            WordCountTable.ensure(client, config.table());
            JobClient job = env.executeAsync("commit backlog");
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            AtomicLong peak = new AtomicLong();
            try {
                sampler.scheduleAtFixedRate(
                        () ->
                                gauges(job, "pendingItems")
                                        .forEach(p -> peak.accumulateAndGet(p, Math::max)),
                        0,
                        5,
                        TimeUnit.MILLISECONDS);
                for (int s = 0; s < SLICES; s++) {
                    long checkpoints = completedCheckpoints(job);
                    LocalServices.produce(config, slice(s, expected));
                    awaitCompletedCheckpointAfter(job, checkpoints);
                }
                assertThat(
                                TableMatch.await(
                                        client, config.table(), expected, Duration.ofSeconds(180)))
                        .isEmpty();
                sampler.shutdown();
                long paused = counters(job, "countingPausedMs");
                System.out.printf(
                        "commit backlog limit %d: peak backlog of a subtask %d words, counting"
                                + " paused %d ms in all; %s%n",
                        BACKLOG, peak.get(), paused, FaultyDynamoDbClient.COUNTS.get(runId));
                assertThat(FaultyDynamoDbClient.COUNTS.get(runId).delayed.get())
                        .as("writes were slowed down")
                        .isPositive();
                assertThat(paused).as("the limit was reached and counting paused").isPositive();
                assertThat(counters(job, "itemsCommitted"))
                        .as("every word written once, and counted once")
                        .isEqualTo((long) SLICES * WORDS_PER_SLICE);
                assertThat(peak.get())
                        .as("a subtask's backlog, at most its limit plus about one slice")
                        .isBetween((long) BACKLOG, (long) BACKLOG + 2 * WORDS_PER_SLICE);
            } finally {
                sampler.shutdownNow();
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** Slice {@code s}: words never produced before, each once. */
    private static List<byte[]> slice(int s, Map<String, Long> expected) {
        List<byte[]> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < WORDS_PER_SLICE; i++) {
            String word = "w" + s + "x" + i;
            expected.merge(word, 1L, Long::sum);
            line.append(word).append(' ');
            if ((i + 1) % WORDS_PER_LINE == 0) {
                lines.add(line.toString().getBytes(StandardCharsets.UTF_8));
                line.setLength(0);
            }
        }
        return lines;
    }

    private static void awaitCompletedCheckpointAfter(JobClient job, long before) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (completedCheckpoints(job) <= before) {
            assertThat(System.nanoTime())
                    .as("a checkpoint completed within 60 s")
                    .isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static long completedCheckpoints(JobClient job) {
        List<Long> n = gauges(job, "numberOfCompletedCheckpoints");
        return n.isEmpty() ? 0 : n.get(0);
    }

    private static List<Long> gauges(JobClient job, String name) {
        List<Long> values = new ArrayList<>();
        for (Map.Entry<String, Metric> m :
                METRICS.getMetricsByIdentifiers(job.getJobID()).entrySet()) {
            if (m.getKey().endsWith("." + name) && m.getValue() instanceof Gauge<?> g) {
                values.add(((Number) g.getValue()).longValue());
            }
        }
        return values;
    }

    private static long counters(JobClient job, String name) {
        long sum = 0;
        for (Map.Entry<String, Metric> m :
                METRICS.getMetricsByIdentifiers(job.getJobID()).entrySet()) {
            if (m.getKey().endsWith("." + name) && m.getValue() instanceof Counter c) {
                sum += c.getCount();
            }
        }
        return sum;
    }
}
