package dev.streamcount.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.count.DeadLetter;
import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.kafka.KafkaRecord;
import dev.streamcount.job.sink.CountSink;
import dev.streamcount.job.sink.DeadLetterSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link StreamCountTopology} on a MiniCluster shared by the class (parallelism 2), with a bounded
 * generated source and collecting sinks instead of Kafka and DynamoDB: totals, dead letters, the
 * flush before checkpoint barriers, and a restart from a checkpoint, in seconds.
 *
 * <p>Expected counts come from {@link #expectedCounts}, a plain split of the same text, not from
 * the job's tokenizer.
 */
class StreamCountTopologyTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final int RECORDS = 2_000;
    private static final String OVERSIZE = "x".repeat(3000);

    /** Record {@code i} of the input: text, with tombstones, empty records and oversize words. */
    static KafkaRecord record(long i) {
        if (i % 97 == 13) {
            return new KafkaRecord("input", (int) (i % 2), i, null);
        }
        if (i % 89 == 7) {
            return new KafkaRecord("input", (int) (i % 2), i, new byte[0]);
        }
        String text =
                "Alpha" + (i % 7) + " beta" + (i % 13) + ", GAMMA! Straße δέλτα" + (i % 3) + " 42";
        if (i % 101 == 50) {
            text += " " + OVERSIZE + " tail";
        }
        return new KafkaRecord("input", (int) (i % 2), i, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Words of records 0..n-1 by a plain split: letters and digits, lowercased, at most 2048 B. */
    static Map<String, Long> expectedCounts(int n) {
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            byte[] value = record(i).value;
            if (value == null) {
                continue;
            }
            for (String w : new String(value, StandardCharsets.UTF_8).split("[^\\p{L}\\p{Nd}]+")) {
                if (!w.isEmpty() && w.getBytes(StandardCharsets.UTF_8).length <= 2048) {
                    counts.merge(w.toLowerCase(Locale.ROOT), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    /** A test's collected output: the newest total of each word, and the dead letters. */
    record Output(Map<String, Long> newestTotals, List<DeadLetter> deadLetters) {}

    /**
     * Runs the topology over the generated input, at most {@code perCheckpoint} records between
     * checkpoints, with {@code between} put between the totals and the collecting sink.
     */
    private static Output run(
            Duration flushInterval,
            int perCheckpoint,
            Function<
                            org.apache.flink.streaming.api.datastream.DataStream<WordCount>,
                            org.apache.flink.streaming.api.datastream.DataStream<WordCount>>
                    between)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobConfig config =
                JobConfig.defaults()
                        .withCheckpointInterval(Duration.ofMillis(50))
                        .withFlushInterval(flushInterval);
        StreamCountTopology.configure(env, config);
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(10));
        env.configure(restarts);

        DataGeneratorSource<KafkaRecord> source =
                new DataGeneratorSource<>(
                        StreamCountTopologyTest::record,
                        RECORDS,
                        RateLimiterStrategy.perCheckpoint(perCheckpoint),
                        TypeInformation.of(KafkaRecord.class));
        List<CloseableIterator<WordCount>> totals = new ArrayList<>();
        List<CloseableIterator<DeadLetter>> deadLetters = new ArrayList<>();
        CountSink sink = stream -> totals.add(between.apply(stream).collectAsync());
        DeadLetterSink deadLetterSink = stream -> deadLetters.add(stream.collectAsync());
        StreamCountTopology.build(env, source, flushInterval, sink, deadLetterSink);

        env.executeAsync("topology test");
        Map<String, Long> newest = new HashMap<>();
        try (CloseableIterator<WordCount> it = totals.get(0)) {
            while (it.hasNext()) {
                WordCount total = it.next();
                Long before = newest.put(total.word, total.count);
                assertThat(before == null || before <= total.count)
                        .as("total of %s went from %s to %s", total.word, before, total.count)
                        .isTrue();
            }
        }
        List<DeadLetter> letters = new ArrayList<>();
        try (CloseableIterator<DeadLetter> it = deadLetters.get(0)) {
            it.forEachRemaining(letters::add);
        }
        return new Output(newest, letters);
    }

    @Test
    void totalsAreExactAndDeadLettersNameEveryRecordOrWordNotCounted() throws Exception {
        Output out = run(Duration.ofMillis(20), RECORDS, stream -> stream);

        assertThat(out.newestTotals()).isEqualTo(expectedCounts(RECORDS));
        List<DeadLetter> expected = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            KafkaRecord r = record(i);
            if (r.value == null) {
                expected.add(new DeadLetter(r, DeadLetter.TOMBSTONE));
            } else if (r.value.length == 0) {
                expected.add(new DeadLetter(r, DeadLetter.EMPTY));
            } else if (i % 101 == 50) {
                expected.add(
                        new DeadLetter(
                                r,
                                "word of 3000 UTF-8 bytes exceeds DynamoDB's 2048-byte key limit"));
            }
        }
        assertThat(out.deadLetters()).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Per test run: the sum of the newest totals seen at each checkpoint, over both subtasks. */
    private static final Map<String, Map<Long, Long>> SUMS_AT_CHECKPOINT =
            new ConcurrentHashMap<>();

    /** Notes, at each checkpoint barrier, the sum of the newest totals this subtask has seen. */
    static final class SumAtCheckpoint extends RichMapFunction<WordCount, WordCount>
            implements CheckpointedFunction {
        private final String run;
        private transient Map<String, Long> newest;
        private transient long sum;

        SumAtCheckpoint(String run) {
            this.run = run;
        }

        @Override
        public WordCount map(WordCount total) {
            Long before = newest.put(total.word, total.count);
            sum += total.count - (before == null ? 0 : before);
            return total;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            SUMS_AT_CHECKPOINT
                    .computeIfAbsent(run, r -> new ConcurrentHashMap<>())
                    .merge(context.getCheckpointId(), sum, Long::sum);
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            newest = new HashMap<>();
        }
    }

    @Test
    void everyTotalReachesTheSinkBeforeTheCheckpointBarrierWithoutWaitingForTheFlushInterval()
            throws Exception {
        String run = UUID.randomUUID().toString();
        // An hour: only a flush before the barrier (or the end of input) emits anything.
        Output out = run(Duration.ofHours(1), 100, stream -> stream.map(new SumAtCheckpoint(run)));

        long words = expectedCounts(RECORDS).values().stream().mapToLong(Long::longValue).sum();
        assertThat(out.newestTotals()).isEqualTo(expectedCounts(RECORDS));
        Map<Long, Long> sums = SUMS_AT_CHECKPOINT.get(run);
        assertThat(sums).as("checkpoints taken while the input was read").isNotNull();
        // Checkpoints during the input saw part of the totals: they left before the barrier,
        // an hour before the flush interval would have let them.
        assertThat(sums.values())
                .as("sums of totals at each checkpoint, of %d words", words)
                .anyMatch(sum -> sum > 0 && sum < words)
                .allMatch(sum -> sum <= words);
    }

    /** Per test run: whether the injected failure happened. */
    private static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();

    /** Fails the job once, at the first total after a checkpoint has completed. */
    static final class FailOnceAfterACheckpoint extends RichMapFunction<WordCount, WordCount>
            implements CheckpointListener {
        private final String run;
        private transient boolean checkpointed;

        FailOnceAfterACheckpoint(String run) {
            this.run = run;
        }

        @Override
        public WordCount map(WordCount total) {
            if (checkpointed && FAILED.get(run).compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after a completed checkpoint");
            }
            return total;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    void aRestartFromACheckpointKeepsTheTotalsExact() throws Exception {
        String run = UUID.randomUUID().toString();
        FAILED.put(run, new AtomicBoolean());

        Output out =
                run(
                        Duration.ofMillis(20),
                        100,
                        stream -> stream.map(new FailOnceAfterACheckpoint(run)));

        assertThat(FAILED.get(run)).as("the injected failure happened").isTrue();
        // Totals restored from the checkpoint plus the input replayed after it: exact, and
        // (checked while collecting) never smaller than a total seen before.
        assertThat(out.newestTotals()).isEqualTo(expectedCounts(RECORDS));
    }

    /** The job as built on an environment whose configuration carries {@code settings}. */
    private static StreamExecutionEnvironment built(Configuration settings) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(settings);
        StreamCountTopology.configure(env, JobConfig.defaults());
        StreamCountTopology.build(
                env,
                new DataGeneratorSource<>(
                        StreamCountTopologyTest::record, 10, TypeInformation.of(KafkaRecord.class)),
                Duration.ofSeconds(1),
                stream -> stream.sinkTo(new DiscardingSink<>()),
                DeadLetterSink.discard());
        return env;
    }

    @Test
    void checkpointsAreExactlyOnceEvenWhenTheConfigurationAsksForAtLeastOnce() {
        Configuration atLeastOnce = new Configuration();
        atLeastOnce.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.AT_LEAST_ONCE);
        // The control: the setting does reach an environment the job does not configure.
        assertThat(
                        StreamExecutionEnvironment.getExecutionEnvironment(atLeastOnce)
                                .getCheckpointConfig()
                                .getCheckpointingConsistencyMode())
                .isEqualTo(CheckpointingMode.AT_LEAST_ONCE);

        StreamGraph graph = built(atLeastOnce).getStreamGraph();

        assertThat(graph.getCheckpointConfig().getCheckpointingConsistencyMode())
                .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
    }

    @Test
    void theTokenizerIsChainedToTheSourceSoObjectReuseSavesTheCopy() {
        List<String> tasks = new ArrayList<>();
        built(new Configuration())
                .getStreamGraph()
                .getJobGraph()
                .getVertices()
                .forEach(v -> tasks.add(v.getName()));

        assertThat(tasks)
                .as("tasks of the job graph")
                .anyMatch(name -> name.contains("kafka-source") && name.contains("tokenize"));
    }

    @Test
    void aPermanentErrorEndsTheJobAfterBoundedRestartsUnlessTheClusterChoseAStrategy() {
        StreamExecutionEnvironment env = built(new Configuration());

        assertThat(env.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("failure-rate");
        assertThat(
                        env.getConfiguration()
                                .get(
                                        RestartStrategyOptions
                                                .RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL))
                .isEqualTo(10);
        assertThat(
                        env.getConfiguration()
                                .get(
                                        RestartStrategyOptions
                                                .RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL))
                .isEqualTo(Duration.ofMinutes(5));

        Configuration cluster = new Configuration();
        cluster.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        assertThat(built(cluster).getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY))
                .as("the cluster's choice kept")
                .isEqualTo("fixed-delay");
    }
}
