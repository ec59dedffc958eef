package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcount.job.StreamCountTopology;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.kafka.KafkaRecordSource;
import dev.streamcount.job.sink.DeadLetterSink;
import dev.streamcount.job.sink.DynamoDbClientProvider;
import dev.streamcount.job.sink.ExactlyOnceDynamoDbSink;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.local.TextGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Savepoints, restores and slow commits against the fenced, asynchronous committer, on real
 * embedded Kafka and the DynamoDB store. Expected counts come from the seeded generator; a reader
 * polls the table all along and records any count that went down.
 */
class SavepointITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = LocalServices.miniCluster(3);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static final Duration CONVERGE = Duration.ofSeconds(120);

    @TempDir Path savepoints;

    /** Starts the job on {@code config} with a fault-injecting client, from a savepoint or not. */
    /** Jobs started by the running test, cancelled after it whatever happened. */
    private static final List<JobClient> STARTED =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void cancelWhatIsStillRunning() throws Exception {
        // A test that failed half way must not leave its job holding the MiniCluster's slots,
        // which would fail every test after it.
        for (JobClient job : STARTED) {
            if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
        STARTED.clear();
    }

    /**
     * A savepoint of {@code job} once all its tasks run: the source can have read everything while
     * a task is still initializing, and Flink refuses a savepoint until every task runs.
     */
    private String savepointOf(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return job.triggerSavepoint(
                                savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline
                        || !String.valueOf(e.getMessage())
                                .contains("Not all required tasks are currently running")) {
                    throw e;
                }
                LockSupport.parkNanos(100_000_000); // poll again: the tasks are still starting
            }
        }
    }

    private static JobClient start(
            JobConfig config,
            String id,
            FaultyDynamoDbClient.Plan plan,
            String savepoint,
            Duration checkpointTimeout)
            throws Exception {
        FaultHarness.RUNS.putIfAbsent(id, new FaultHarness.Run(1, List.of()));
        AwsSettings aws = AwsSettings.of(config);
        DynamoDbClientProvider clients =
                () ->
                        new FaultyDynamoDbClient(
                                DynamoDbClients.sync(aws, false),
                                plan,
                                id,
                                new Random().nextLong());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (savepoint != null) {
            Configuration restore = new Configuration();
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            env.configure(restore);
        }
        StreamCountTopology.configure(env, config);
        if (checkpointTimeout != null) {
            env.getCheckpointConfig().setCheckpointTimeout(checkpointTimeout.toMillis());
            // Any checkpoint that times out fails the job for good: tolerance 0, no restarts.
            Configuration noRestarts = new Configuration();
            noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            env.configure(noRestarts);
        }
        StreamCountTopology.build(
                env,
                KafkaRecordSource.builder(config)
                        .setDeserializer(new FaultHarness.TrackingDeserializer(id))
                        .build(),
                config.flushInterval(),
                new ExactlyOnceDynamoDbSink(config.table(), clients),
                DeadLetterSink.discard());
        JobClient job = env.executeAsync("savepoint scenario " + id);
        STARTED.add(job);
        return job;
    }

    private static JobConfig config() throws Exception {
        JobConfig config = SERVICES.newConfig().withCheckpointInterval(Duration.ofMillis(200));
        try (DynamoDbClient client = SERVICES.dynamoClient(config)) {
            WordCountTable.ensure(client, config.table());
        }
        return config;
    }

    private static FaultyDynamoDbClient.Plan slow(int maxDelayMillis) {
        return new FaultyDynamoDbClient.Plan(0, 0, 0, 1.0, maxDelayMillis, 0, false);
    }

    /**
     * A savepoint taken while totals wait for a slow DynamoDB; the job goes on and commits newer
     * totals; then that older savepoint is restored. Its waiting totals are written again and
     * refused; replaying the later input converges.
     */
    @Test
    void restoringAnOlderSavepointAfterLaterCommitsLowersNothingAndConverges() throws Exception {
        JobConfig config = config();
        TextGenerator text = new TextGenerator(88, 3_000, 1.1);
        String id = "older-savepoint";
        FaultyDynamoDbClient.Counts faults =
                FaultyDynamoDbClient.COUNTS.computeIfAbsent(
                        id, k -> new FaultyDynamoDbClient.Counts());
        try (DynamoDbClient client = SERVICES.dynamoClient(config);
                MonotonicReader reader = new MonotonicReader(client, config.table())) {
            long records = LocalServices.produce(config, text, 10_000);
            FaultHarness.Run run = new FaultHarness.Run(records, List.of());
            FaultHarness.RUNS.put(id, run);
            JobClient first = start(config, id, slow(600), null, null);
            awaitCondition(() -> run.progress() >= 1.0, "the job read every record");
            String older = savepointOf(first);
            LocalServices.produce(config, text, 10_000);
            assertThat(TableMatch.await(client, config.table(), text.expectedCounts(), CONVERGE))
                    .isEmpty();
            first.cancel().get(60, TimeUnit.SECONDS);
            assertThat(faults.fenced.get()).as("nothing refused before the restore").isZero();

            JobClient restored = start(config, id, FaultyDynamoDbClient.Plan.none(), older, null);
            try {
                awaitCondition(
                        () -> faults.fenced.get() > 0,
                        "the savepoint's waiting totals were written again and refused");
                assertThat(
                                TableMatch.await(
                                        client, config.table(), text.expectedCounts(), CONVERGE))
                        .isEmpty();
                assertThat(LocalServices.sum(WordCountTable.scanAll(client, config.table())))
                        .isEqualTo(text.wordsGenerated());
            } finally {
                restored.cancel().get(60, TimeUnit.SECONDS);
            }
            assertThat(reader.scans()).isGreaterThan(10);
            assertThat(reader.decreases()).as("no count ever went down").isEmpty();
        }
    }

    /**
     * A start without state on a table that holds counts is said in one line, at start; a start on
     * an empty table says nothing (the control). Recounting the whole topic converges to the same
     * totals, and none goes down meanwhile.
     */
    @Test
    void aStartWithoutStateOnATableWithCountsSaysSoInOneLine() throws Exception {
        JobConfig config = config();
        TextGenerator text = new TextGenerator(99, 1_000, 1.1);
        String line = "Table " + config.table() + " already holds counts";
        try (DynamoDbClient client = SERVICES.dynamoClient(config);
                MonotonicReader reader = new MonotonicReader(client, config.table());
                LogCapture logs = new LogCapture()) {
            LocalServices.produce(config, text, 5_000);
            JobClient first =
                    start(config, "fresh-1", FaultyDynamoDbClient.Plan.none(), null, null);
            assertThat(TableMatch.await(client, config.table(), text.expectedCounts(), CONVERGE))
                    .isEmpty();
            first.cancel().get(60, TimeUnit.SECONDS);
            assertThat(logs.text()).as("an empty table at start").doesNotContain(line);

            JobClient second =
                    start(config, "fresh-2", FaultyDynamoDbClient.Plan.none(), null, null);
            try {
                awaitCondition(() -> logs.text().contains(line), "the line about stored counts");
                LocalServices.produce(config, text, 2_000);
                assertThat(
                                TableMatch.await(
                                        client, config.table(), text.expectedCounts(), CONVERGE))
                        .isEmpty();
            } finally {
                second.cancel().get(60, TimeUnit.SECONDS);
            }
            assertThat(logs.text().split(line, -1)).as("said once").hasSize(2);
            assertThat(reader.decreases()).as("no count ever went down").isEmpty();
        }
    }

    /**
     * A savepoint taken while totals of completed checkpoints are still waiting for a slow
     * DynamoDB, the job then cancelled (nothing drained) and restored at another parallelism. All
     * input was read before the savepoint, so those totals can only come from the savepoint.
     */
    @Test
    void rescalingThroughASavepointWithTotalsStillPendingLosesNone() throws Exception {
        JobConfig config = config();
        TextGenerator text = new TextGenerator(99, 20_000, 0.8);
        String id = "pending-rescale";
        try (DynamoDbClient client = SERVICES.dynamoClient(config);
                MonotonicReader reader = new MonotonicReader(client, config.table())) {
            long records = LocalServices.produce(config, text, 40_000);
            Map<String, Long> expected = text.expectedCounts();
            FaultHarness.Run run = new FaultHarness.Run(records, List.of());
            FaultHarness.RUNS.put(id, run);
            JobClient first = start(config.withParallelism(2), id, slow(1_000), null, null);
            awaitCondition(() -> run.progress() >= 1.0, "the job read every record");
            awaitCondition(
                    () -> !WordCountTable.scanAll(client, config.table()).isEmpty(),
                    "the first totals are visible");
            String savepoint = savepointOf(first);
            first.cancel().get(60, TimeUnit.SECONDS);
            List<String> atCancel =
                    TableMatch.differences(
                            expected, WordCountTable.scanAll(client, config.table()));
            assertThat(atCancel)
                    .as("totals were still pending when the job was cancelled (else: ineffective)")
                    .isNotEmpty();

            JobClient restored =
                    start(
                            config.withParallelism(3),
                            id,
                            FaultyDynamoDbClient.Plan.none(),
                            savepoint,
                            null);
            try {
                assertThat(TableMatch.await(client, config.table(), expected, CONVERGE)).isEmpty();
            } finally {
                restored.cancel().get(60, TimeUnit.SECONDS);
            }
            assertThat(reader.decreases()).as("no count ever went down").isEmpty();
        }
    }

    /**
     * Writing one round of totals takes longer than the checkpoint timeout (5 s), with Flink's
     * default tolerance of no failed checkpoint and no restarts: checkpoints do not wait for
     * DynamoDB, so none times out and the job converges.
     */
    @Test
    void commitsLongerThanTheCheckpointTimeoutFailNoCheckpoint() throws Exception {
        JobConfig config = config().withCheckpointInterval(Duration.ofSeconds(1));
        TextGenerator text = new TextGenerator(111, 30_000, 0.0);
        String id = "slow-commit";
        try (DynamoDbClient client = SERVICES.dynamoClient(config)) {
            LocalServices.produce(config, text, 30_000);
            Map<String, Long> expected = text.expectedCounts();
            long started = System.nanoTime();
            JobClient job = start(config, id, slow(1_000), null, Duration.ofSeconds(5));
            try {
                assertThat(TableMatch.await(client, config.table(), expected, CONVERGE)).isEmpty();
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                assertThat(seconds)
                        .as("writing took longer than the checkpoint timeout (else: ineffective)")
                        .isGreaterThan(6);
                assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState())
                        .as("the job still runs: no checkpoint timed out")
                        .isFalse();
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A stop with a savepoint whose last writes fail part way (half a transaction lands, then a
     * permanent error). Flink 1.20 then fails the job ("a savepoint has been created ... but the
     * job failed during stopping ... restart a job from this savepoint"); restarted from it, the
     * job writes the savepoint's totals again: no count goes down, and the table converges.
     */
    @Test
    void aStopWithSavepointWhoseWritesFailPartWayRecoversExactlyFromIt() throws Exception {
        JobConfig config = config();
        TextGenerator text = new TextGenerator(121, 5_000, 1.0);
        String id = "failed-stop";
        try (DynamoDbClient client = SERVICES.dynamoClient(config);
                MonotonicReader reader = new MonotonicReader(client, config.table())) {
            LocalServices.produce(config, text, 20_000);
            FaultyDynamoDbClient.Counts faults =
                    FaultyDynamoDbClient.COUNTS.computeIfAbsent(
                            id, k -> new FaultyDynamoDbClient.Counts());
            JobClient job = start(config, id, slow(400), null, null);
            awaitCondition(
                    () -> !WordCountTable.scanAll(client, config.table()).isEmpty(),
                    "the first totals are visible");
            // Writes wait; the savepoint completes anyway (checkpoints do not wait for DynamoDB);
            // then the writes the stop waits for resume, and the first fails part way.
            faults.paused = true;
            CompletableFuture<String> stop =
                    job.stopWithSavepoint(
                            false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL);
            awaitCondition(() -> savepoint() != null, "the stop's savepoint completed");
            faults.failNext.set(true);
            faults.paused = false;
            assertThatThrownBy(() -> stop.get(60, TimeUnit.SECONDS))
                    .as("the stop failed")
                    .isInstanceOf(ExecutionException.class);
            assertThat(faults.fatal.get()).as("the write failed part way; %s", faults).isEqualTo(1);
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.FAILED);

            LocalServices.produce(config, text, 2_000);
            JobClient restarted =
                    start(config, id + "-2", FaultyDynamoDbClient.Plan.none(), savepoint(), null);
            try {
                assertThat(
                                TableMatch.await(
                                        client, config.table(), text.expectedCounts(), CONVERGE))
                        .isEmpty();
            } finally {
                restarted.cancel().get(60, TimeUnit.SECONDS);
            }
            assertThat(reader.decreases()).as("no count ever went down").isEmpty();
        }
    }

    /** The directory of the one savepoint under {@link #savepoints}, once complete. */
    private String savepoint() {
        try (Stream<Path> files = Files.walk(savepoints)) {
            return files.filter(f -> f.getFileName().toString().equals("_metadata"))
                    .map(f -> f.getParent().toUri().toString())
                    .findFirst()
                    .orElse(null);
        } catch (IOException | java.io.UncheckedIOException e) {
            // A file renamed while walking (Flink's ._metadata.inprogress.* becoming _metadata):
            // not complete yet, look again.
            return null;
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
