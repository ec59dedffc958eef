package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.StreamCountTopology;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.kafka.KafkaRecordSource;
import dev.streamcount.job.sink.CountSink;
import dev.streamcount.job.sink.DeadLetterSink;
import dev.streamcount.job.sink.DynamoDbClientProvider;
import dev.streamcount.job.sink.ExactlyOnceDynamoDbSink;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.job.top.TopTable;
import dev.streamcount.local.TextGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The top list the job keeps ({@code --top-size}), on real Kafka and the DynamoDB store at
 * parallelism 2, under task failures. A recorder in front of the totals' sink notes, at every
 * checkpoint, the newest total of every word each subtask has sent: the totals of that checkpoint,
 * by a path that does not touch the top code. Every list a reader saw, polling all along, must
 * equal the top of the totals of the checkpoint it names; the last one the top of the independent
 * count.
 */
class TopListITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = LocalServices.miniCluster(2);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static final Duration CONVERGE = Duration.ofSeconds(120);
    private static final int TOP = 5;

    /** Per run: checkpoint id → subtask → the newest totals that subtask had sent by then. */
    static final Map<String, Map<Long, Map<Integer, Map<String, Long>>>> RECORDED =
            new ConcurrentHashMap<>();

    /** Passes totals on and records, at each checkpoint, the newest total of every word. */
    static final class TotalsAtCheckpoint extends RichMapFunction<WordCount, WordCount>
            implements CheckpointedFunction {
        private final String run;
        private transient Map<String, Long> newest;

        TotalsAtCheckpoint(String run) {
            this.run = run;
        }

        @Override
        public WordCount map(WordCount total) {
            newest.merge(total.word, total.count, Math::max);
            return total;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            RECORDED.computeIfAbsent(run, r -> new ConcurrentHashMap<>())
                    .computeIfAbsent(context.getCheckpointId(), c -> new ConcurrentHashMap<>())
                    .put(subtask(), new HashMap<>(newest));
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            newest = new HashMap<>();
            // After a restore: what this subtask had sent at the restored checkpoint.
            context.getRestoredCheckpointId()
                    .ifPresent(
                            id ->
                                    newest.putAll(
                                            RECORDED.get(run)
                                                    .get(id)
                                                    .getOrDefault(subtask(), Map.of())));
        }

        private int subtask() {
            return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }
    }

    /** The {@code n} highest counts, ties by word, as {@code word=count}: the independent top. */
    private static List<String> topOf(Map<String, Long> counts, int n) {
        return IndependentTop.asStrings(counts, n);
    }

    private static List<String> asStrings(List<WordCount> words) {
        return words.stream().map(w -> w.word + "=" + w.count).toList();
    }

    @Test
    void everyListShownIsTheTopOfOneCheckpointsTotalsThroughTaskFailures() throws Exception {
        JobConfig config =
                SERVICES.newConfig()
                        .withCheckpointInterval(Duration.ofMillis(200))
                        // Totals flow all the time, also between a checkpoint and its completion.
                        .withFlushInterval(Duration.ofMillis(20))
                        .withTopSize(TOP);
        String run = "top-" + config.table();
        String topTable = TopTable.of(config.table());
        int records = 3_000;
        // A flat vocabulary (s = 0.6) so the top keeps changing while the input arrives.
        TextGenerator text = new TextGenerator(31, 300, 0.6);
        FaultHarness.RUNS.put(run, new FaultHarness.Run(records, List.of(0.35, 0.7)));
        AwsSettings aws = AwsSettings.of(config);
        List<TopTable.Kept> seen = new CopyOnWriteArrayList<>();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        try (DynamoDbClient client = SERVICES.dynamoClient(config)) {
            WordCountTable.ensure(client, config.table());
            TopTable.ensure(client, topTable, false);
            DynamoDbClientProvider clients = DynamoDbClientProvider.of(aws);
            CountSink totals = new ExactlyOnceDynamoDbSink(config.table(), clients);
            CountSink recorded =
                    stream ->
                            totals.addTo(
                                    stream.map(new TotalsAtCheckpoint(run))
                                            .returns(WordCount.class)
                                            .name("totals-at-checkpoint")
                                            .map(new FaultHarness.FailAtProgress(run))
                                            .returns(WordCount.class)
                                            .name("fail-at-progress"));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            StreamCountTopology.configure(env, config);
            env.configure(FaultHarness.fixedDelayRestarts(100, Duration.ofMillis(200)));
            StreamCountTopology.build(
                    env,
                    KafkaRecordSource.builder(config)
                            .setDeserializer(new FaultHarness.TrackingDeserializer(run))
                            .build(),
                    config.flushInterval(),
                    config.windowing(),
                    config.topic(),
                    recorded,
                    null,
                    StreamCountJob.topSink(config, clients),
                    DeadLetterSink.discard());
            JobClient job = env.executeAsync("top list under task failures");
            poller.scheduleWithFixedDelay(
                    () -> {
                        try {
                            TopTable.get(client, topTable, TopTable.ALL_TIME).ifPresent(seen::add);
                        } catch (RuntimeException e) {
                            // the store busy: the next poll reads again
                        }
                    },
                    0,
                    50,
                    TimeUnit.MILLISECONDS);
            try {
                FaultHarness.Run progress = FaultHarness.RUNS.get(run);
                // Small slices, each once the job has read most of the one before: input flows
                // all along, also between a checkpoint and its completion.
                int slices = 100;
                for (int slice = 0; slice < slices; slice++) {
                    List<byte[]> lines = new ArrayList<>();
                    for (int i = 0; i < records / slices; i++) {
                        lines.add(text.nextLine().getBytes(StandardCharsets.UTF_8));
                    }
                    long checkpointBefore = progress.lastCompletedCheckpoint.get();
                    LocalServices.produce(config, lines);
                    long produced = (slice + 1L) * (records / slices);
                    // Every tenth slice also waits for a checkpoint: the input spans at least ten,
                    // so the reader sees lists of many checkpoints.
                    boolean checkpointToo = slice % 10 == 9;
                    await(
                            () ->
                                    progress.progress() * records >= produced * 0.8
                                            && (!checkpointToo
                                                    || progress.lastCompletedCheckpoint.get()
                                                            > checkpointBefore),
                            "slice " + slice + " mostly read");
                }
                Map<String, Long> expected = text.expectedCounts();
                assertThat(TableMatch.await(client, config.table(), expected, CONVERGE)).isEmpty();
                await(
                        () ->
                                TopTable.get(client, topTable, TopTable.ALL_TIME)
                                        .map(k -> asStrings(k.words()).equals(topOf(expected, TOP)))
                                        .orElse(false),
                        "the kept list equals the top of the independent count");
                assertThat(progress.failuresInjected.get())
                        .as("both injected failures fired (test ineffective otherwise)")
                        .isEqualTo(2);

                // The CLI reads the kept list (one GetItem), and scans for more than it keeps.
                String[] where = {
                    "--table",
                    config.table(),
                    "--dynamodb-endpoint",
                    config.dynamoDbEndpoint().toString()
                };
                CliITCase.Run top = CliITCase.run(concat(new String[] {"top", "-n", "3"}, where));
                assertThat(top.out().lines().skip(1).map(l -> l.trim().split(" +")).toList())
                        .as(top.toString())
                        .extracting(c -> c[1] + "=" + c[2].replace(",", ""))
                        .isEqualTo(topOf(expected, 3));
                assertThat(top.err()).as(top.toString()).contains("(the job's top 5 of checkpoint");
                CliITCase.Run more = CliITCase.run(concat(new String[] {"top", "-n", "8"}, where));
                assertThat(more.err()).contains("-n 8 is more than the 5 words the job keeps");
                assertThat(more.out().lines().skip(1).map(l -> l.trim().split(" +")).toList())
                        .extracting(c -> c[1] + "=" + c[2].replace(",", ""))
                        .isEqualTo(topOf(expected, 8));

                // --watch: two frames, each cleared and redrawn, the second without changes.
                CliITCase.Run watch =
                        CliITCase.run(
                                concat(
                                        new String[] {
                                            "top",
                                            "--watch",
                                            "-n",
                                            "3",
                                            "--interval",
                                            "100ms",
                                            "--iterations",
                                            "2"
                                        },
                                        where));
                assertThat(watch.exit()).as(watch.toString()).isZero();
                String[] frames = watch.out().split("\033\\[H\033\\[2J", -1);
                assertThat(frames).as(watch.toString()).hasSize(3);
                for (String frame : List.of(frames[1], frames[2])) {
                    assertThat(
                                    frame.lines()
                                            .dropWhile(l -> !l.startsWith("rank"))
                                            .skip(1)
                                            .map(l -> l.trim().split(" +"))
                                            .toList())
                            .extracting(c -> c[1] + "=" + c[2].replace(",", ""))
                            .isEqualTo(topOf(expected, 3));
                    assertThat(frame).contains("(the job's top 5 of checkpoint");
                }
                assertThat(frames[2].lines().filter(l -> l.endsWith("new") || l.contains("+")))
                        .as("no change between two frames of a converged job")
                        .isEmpty();
                CliITCase.Run tooFast =
                        CliITCase.run(
                                concat(
                                        new String[] {"top", "--watch", "--interval", "10ms"},
                                        where));
                assertThat(tooFast.exit()).isEqualTo(2);
                assertThat(tooFast.err()).contains("--interval must be at least 100ms");
            } finally {
                poller.shutdownNow();
                poller.awaitTermination(10, TimeUnit.SECONDS);
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }

        Map<Long, Map<Integer, Map<String, Long>>> recorded = RECORDED.get(run);
        assertThat(seen).as("lists read while the job ran").hasSizeGreaterThan(20);
        long distinctLists = seen.stream().map(TopTable.Kept::checkpoint).distinct().count();
        assertThat(distinctLists).as("checkpoints whose list was seen").isGreaterThan(5);
        long previous = -1;
        for (TopTable.Kept list : seen) {
            assertThat(list.checkpoint())
                    .as("never an older list")
                    .isGreaterThanOrEqualTo(previous);
            previous = list.checkpoint();
            Map<Integer, Map<String, Long>> subtasks = recorded.get(list.checkpoint());
            assertThat(subtasks).as("checkpoint %d recorded", list.checkpoint()).hasSize(2);
            Map<String, Long> totals = new HashMap<>();
            subtasks.values().forEach(totals::putAll);
            assertThat(asStrings(list.words()))
                    .as("the list of checkpoint %d", list.checkpoint())
                    .isEqualTo(topOf(totals, TOP));
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static void await(BooleanSupplier condition, String what) throws Exception {
        LocalServices.await(condition, CONVERGE, what);
    }
}
