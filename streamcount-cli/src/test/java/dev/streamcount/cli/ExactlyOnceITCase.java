package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.StreamCountTopology;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.kafka.KafkaRecordSource;
import dev.streamcount.job.line.FlinkLine;
import dev.streamcount.job.sink.CountSink;
import dev.streamcount.job.sink.DeadLetterSink;
import dev.streamcount.job.sink.DynamoDbClientProvider;
import dev.streamcount.job.sink.ExactlyOnceDynamoDbSink;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.local.TextGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The exactly-once sink under injected failures, on real embedded Kafka and the DynamoDB store with
 * a MiniCluster at parallelism 2 and checkpoints every 200 ms. Expected counts come from the seeded
 * generator that wrote the input. Every scenario asserts: the table equals the expected counts with
 * no extra words; the counts sum to the words written; a reader polling all along never saw a count
 * go down; and the injected fault fired ("test ineffective" otherwise).
 */
class ExactlyOnceITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = LocalServices.miniCluster(2);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static final Duration CONVERGE = Duration.ofSeconds(150);
    private static final int RECORDS = 6_000;

    /**
     * One scenario: input written over a few seconds while the job runs, with faults at the seams.
     */
    private static final class Scenario {
        final String id;
        final JobConfig config;
        final TextGenerator text;
        FaultyDynamoDbClient.Plan plan = FaultyDynamoDbClient.Plan.none();
        List<Double> failAt = List.of();
        JobConfig.Delivery delivery = JobConfig.Delivery.EXACTLY_ONCE;
        boolean gateClosed;

        /** Runs once the table has converged, the job and the reader still running. */
        java.util.function.Consumer<MonotonicReader> afterConverged;

        Scenario(String id, long seed) {
            this.id = id;
            this.config = SERVICES.newConfig().withCheckpointInterval(Duration.ofMillis(200));
            this.text = new TextGenerator(seed, 3_000, 1.1);
        }

        FaultHarness.Run harness() {
            return FaultHarness.RUNS.get(id);
        }

        FaultyDynamoDbClient.Counts faults() {
            return FaultyDynamoDbClient.COUNTS.computeIfAbsent(
                    id, k -> new FaultyDynamoDbClient.Counts());
        }

        JobClient start() throws Exception {
            FaultHarness.RUNS.put(id, new FaultHarness.Run(RECORDS, failAt));
            harness().gateOpen = !gateClosed;
            AwsSettings aws = AwsSettings.resolve(config.dynamoDbEndpoint(), config.region());
            try (DynamoDbClient client = SERVICES.dynamoClient(config)) {
                WordCountTable.ensure(client, config.table());
            }
            String runId = id;
            FaultyDynamoDbClient.Plan faults = plan;
            DynamoDbClientProvider clients =
                    () ->
                            new FaultyDynamoDbClient(
                                    DynamoDbClients.sync(aws, false),
                                    faults,
                                    runId,
                                    new Random().nextLong());
            CountSink real =
                    delivery == JobConfig.Delivery.EXACTLY_ONCE
                            ? new ExactlyOnceDynamoDbSink(config.table(), clients)
                            : FlinkLine.atLeastOnceSink(config.table(), aws, 1);
            boolean gate = gateClosed;
            CountSink sink =
                    totals ->
                            real.addTo(
                                    gate
                                            ? totals.map(new FaultHarness.CheckpointGate(runId))
                                                    .returns(WordCount.class)
                                                    .name("checkpoint-gate")
                                            : totals.map(new FaultHarness.FailAtProgress(runId))
                                                    .returns(WordCount.class)
                                                    .name("fail-at-progress"));

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            StreamCountTopology.configure(env, config);
            env.configure(FaultHarness.fixedDelayRestarts(100, Duration.ofMillis(200)));
            env.getCheckpointConfig().setTolerableCheckpointFailureNumber(Integer.MAX_VALUE);
            StreamCountTopology.build(
                    env,
                    KafkaRecordSource.builder(config)
                            .setDeserializer(new FaultHarness.TrackingDeserializer(runId))
                            .build(),
                    config.flushInterval(),
                    sink,
                    DeadLetterSink.discard());
            return env.executeAsync("exactly-once scenario " + id);
        }

        /**
         * Writes RECORDS lines in 30 slices, each after the job has read most of the previous one.
         */
        CompletableFuture<Void> produceWhileRunning() {
            return CompletableFuture.runAsync(
                    () -> {
                        int slices = 30;
                        for (int s = 0; s < slices; s++) {
                            List<byte[]> lines = new java.util.ArrayList<>();
                            for (int i = 0; i < RECORDS / slices; i++) {
                                lines.add(text.nextLine().getBytes(StandardCharsets.UTF_8));
                            }
                            long checkpointBefore = harness().lastCompletedCheckpoint.get();
                            LocalServices.produce(config, lines);
                            long produced = (long) (s + 1) * (RECORDS / slices);
                            // Pace the input by the job: most of the slice read and a checkpoint
                            // completed since,
                            // so failures land spread over the run with checkpoints between them.
                            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                            while ((harness().progress() * RECORDS < produced * 0.8
                                            || harness().lastCompletedCheckpoint.get()
                                                    <= checkpointBefore)
                                    && System.nanoTime() < deadline) {
                                LockSupport.parkNanos(5_000_000);
                            }
                        }
                    });
        }

        /** Runs the scenario to the end and checks every promise. */
        void runAndVerify() throws Exception {
            try (DynamoDbClient client = SERVICES.dynamoClient(config);
                    MonotonicReader reader = new MonotonicReader(client, config.table())) {
                JobClient job = start();
                try {
                    produceWhileRunning().get(120, TimeUnit.SECONDS);
                    Map<String, Long> expected = text.expectedCounts();
                    List<String> diffs =
                            TableMatch.await(client, config.table(), expected, CONVERGE);
                    assertThat(diffs).as("table vs expected; faults: %s", faults()).isEmpty();
                    assertThat(LocalServices.sum(WordCountTable.scanAll(client, config.table())))
                            .isEqualTo(text.wordsGenerated());
                    assertThat(reader.scans())
                            .as("the reader read while the job ran")
                            .isGreaterThan(10);
                    assertThat(reader.decreases()).as("no count ever went down").isEmpty();
                    if (afterConverged != null) {
                        afterConverged.accept(reader);
                        assertThat(
                                        TableMatch.differences(
                                                expected,
                                                WordCountTable.scanAll(client, config.table())))
                                .as("table vs expected, after; faults: %s", faults())
                                .isEmpty();
                        assertThat(reader.decreases())
                                .as("no count ever went down, after")
                                .isEmpty();
                    }
                } finally {
                    job.cancel().get(60, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void f1OneTaskFailureBetween40And70PercentOfTheInput() throws Exception {
        Scenario s = new Scenario("f1", 101);
        double at = 0.4 + new Random(101).nextDouble() * 0.3;
        s.failAt = List.of(at);
        s.runAndVerify();
        assertThat(s.harness().failuresInjected.get())
                .as("failure injected (else: test ineffective)")
                .isEqualTo(1);
    }

    @Test
    void f2RepeatedFailuresAtLeastFiveRestarts() throws Exception {
        Scenario s = new Scenario("f2", 202);
        s.failAt = List.of(0.1, 0.25, 0.4, 0.55, 0.7, 0.85);
        s.runAndVerify();
        assertThat(s.harness().failuresInjected.get())
                .as("restarts (else: test ineffective)")
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void f3ThrottlingConflictsLostResponsesAndReorderedCompletions() throws Exception {
        Scenario s = new Scenario("f3", 303);
        s.plan = new FaultyDynamoDbClient.Plan(0.03, 0.15, 0.1, 0.3, 40, 0, false);
        s.runAndVerify();
        FaultyDynamoDbClient.Counts c = s.faults();
        assertThat(c.throttled.get()).as("throttling fired; %s", c).isPositive();
        assertThat(c.conflicts.get()).as("transaction conflicts fired; %s", c).isPositive();
        assertThat(c.responsesLost.get()).as("lost responses fired; %s", c).isPositive();
        assertThat(c.delayed.get()).as("delays fired; %s", c).isPositive();
    }

    @Test
    void f4ACommitFailsAfterPartOfItWasWritten() throws Exception {
        Scenario s = new Scenario("f4", 404);
        s.plan = new FaultyDynamoDbClient.Plan(0, 0, 0, 0, 0, 40, false);
        s.runAndVerify();
        assertThat(s.faults().fatal.get()).as("commit failures fired; %s", s.faults()).isPositive();
    }

    /**
     * A write of the first attempt is held on its way to DynamoDB while the attempt fails and the
     * restarted one writes newer totals; then it lands. The fence refuses it: no total goes down.
     */
    @Test
    void aLateWriteOfAFailedAttemptIsFencedAndLowersNothing() throws Exception {
        Scenario s = new Scenario("late", 707);
        s.plan = new FaultyDynamoDbClient.Plan(0, 0, 0, 0, 0, 0, true);
        s.failAt = List.of(0.5);
        FaultyDynamoDbClient.Counts c = s.faults();
        try (DynamoDbClient late = SERVICES.dynamoClient(s.config)) {
            c.lateClient = late;
            s.afterConverged =
                    reader -> {
                        c.release.countDown();
                        try {
                            assertThat(c.lateDone.await(60, TimeUnit.SECONDS))
                                    .as("the held write was sent")
                                    .isTrue();
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                        long scans = reader.scans();
                        awaitCondition(
                                () -> reader.scans() >= scans + 2,
                                "the reader scanned after the late write");
                    };
            s.runAndVerify();
        }
        assertThat(s.harness().failuresInjected.get()).as("failure injected").isEqualTo(1);
        assertThat(c.held.get()).as("a write was held; %s", c).isEqualTo(1);
        assertThat(c.lateFenced.get())
                .as("the late write carried older totals, and the fence refused them; %s", c)
                .isPositive();
    }

    @Test
    void nothingIsVisibleBeforeTheCheckpointThatCoversItCompletes() throws Exception {
        Scenario s = new Scenario("gate", 505);
        s.gateClosed = true;
        LocalServices.produce(s.config, List.of()); // topic exists; input follows below
        try (DynamoDbClient client = SERVICES.dynamoClient(s.config)) {
            JobClient job = s.start();
            try {
                List<byte[]> lines = new java.util.ArrayList<>();
                for (int i = 0; i < 2_000; i++)
                    lines.add(s.text.nextLine().getBytes(StandardCharsets.UTF_8));
                LocalServices.produce(s.config, lines);
                long words = s.text.wordsGenerated();
                // The job has counted every word, but no checkpoint could complete.
                awaitCondition(
                        () -> s.harness().wordsSeen() == words,
                        "the job counted all " + words + " words");
                awaitCondition(
                        () -> s.harness().checkpointsDeclined.get() >= 3,
                        "checkpoints were attempted and declined");
                assertThat(WordCountTable.scanAll(client, s.config.table()))
                        .as("no total is visible while no checkpoint has completed")
                        .isEmpty();

                s.harness().gateOpen = true;
                assertThat(
                                TableMatch.await(
                                        client,
                                        s.config.table(),
                                        s.text.expectedCounts(),
                                        CONVERGE))
                        .isEmpty();
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void atLeastOnceShowsTotalsBeforeAnyCheckpointCompletes() throws Exception {
        Scenario s = new Scenario("gate-alo", 606);
        s.gateClosed = true;
        s.delivery = JobConfig.Delivery.AT_LEAST_ONCE;
        try (DynamoDbClient client = SERVICES.dynamoClient(s.config)) {
            JobClient job = s.start();
            try {
                List<byte[]> lines = new java.util.ArrayList<>();
                for (int i = 0; i < 500; i++)
                    lines.add(s.text.nextLine().getBytes(StandardCharsets.UTF_8));
                LocalServices.produce(s.config, lines);
                awaitCondition(
                        () -> !WordCountTable.scanAll(client, s.config.table()).isEmpty(),
                        "totals visible in the table");
                assertThat(s.harness().lastCompletedCheckpoint.get())
                        .as("no checkpoint had completed")
                        .isEqualTo(-1);
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 60s waiting for: " + what);
            }
            LockSupport.parkNanos(20_000_000);
        }
    }
}
