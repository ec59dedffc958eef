package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.StreamCountTopology;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.config.Windowing;
import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.kafka.KafkaRecordSource;
import dev.streamcount.job.sink.CountSink;
import dev.streamcount.job.sink.DeadLetterSink;
import dev.streamcount.job.sink.DynamoDbClientProvider;
import dev.streamcount.job.sink.ExactlyOnceDynamoDbSink;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.job.top.TopTable;
import dev.streamcount.job.window.WindowCountItem;
import dev.streamcount.job.window.WindowCountTable;
import dev.streamcount.job.window.WindowKey;
import dev.streamcount.local.TextGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;

/**
 * Per-window counts on real Kafka and the DynamoDB store at parallelism 2. Records carry timestamps
 * the test chooses; every expected window count comes from {@link ReferenceWindowCount} over those
 * timestamps, and which windows must have closed from the watermark rule (a window closes once the
 * newest timestamp of every active partition is past its end by the max out-of-orderness).
 */
class WindowedCountsITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(3)
                            .setConfiguration(withStatusMetrics())
                            .build());

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static final Duration CONVERGE = Duration.ofSeconds(120);
    private static final long SECOND = 1000;

    private static Configuration withStatusMetrics() {
        Configuration conf = new Configuration();
        StatusMetrics.register(conf);
        return conf;
    }

    /** A config with 1 s windows; the start of a window ten minutes ago as its time base. */
    private static JobConfig config(Duration outOfOrderness, Duration idle, Duration lateness) {
        return SERVICES.newConfig()
                .withCheckpointInterval(Duration.ofMillis(200))
                .withWindowing(
                        new Windowing(
                                Duration.ofSeconds(1),
                                null,
                                Duration.ofDays(7),
                                outOfOrderness,
                                idle,
                                lateness));
    }

    private static long base() {
        return (System.currentTimeMillis() / SECOND - 600) * SECOND;
    }

    /** Records with the timestamps and partitions the test chose, and the independent counts. */
    private static final class Input {
        final ReferenceWordCount totals = new ReferenceWordCount();
        final ReferenceWindowCount windows = new ReferenceWindowCount(SECOND);
        final List<Object[]> records = new ArrayList<>();

        void add(Integer partition, long timestamp, String text) {
            byte[] value = text.getBytes(StandardCharsets.UTF_8);
            totals.add(value);
            windows.add(timestamp, value);
            records.add(new Object[] {partition, timestamp, value});
        }

        /** Sends everything added since the last send, in order. */
        void send(JobConfig config) {
            RecordProducer producer = new RecordProducer(config);
            try (producer) {
                for (Object[] r : records) {
                    producer.send((Integer) r[0], (Long) r[1], (byte[]) r[2]);
                }
            }
            assertThat(producer.failed()).as("records not acknowledged").isZero();
            records.clear();
        }

        /** The expected window counts of the windows that end at or before {@code closedBy}. */
        Map<String, Long> windowsEndingBy(long closedBy) {
            return windows.counts().entrySet().stream()
                    .filter(e -> Long.parseLong(e.getKey().split(" ")[0]) + SECOND <= closedBy)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
    }

    private static Map<String, Long> windowTable(DynamoDbClient client, JobConfig config) {
        return ReferenceWindowCount.read(client, config.windowTable());
    }

    private static void awaitWindows(
            DynamoDbClient client, JobConfig config, Map<String, Long> expected, String what)
            throws InterruptedException {
        assertThat(TableMatch.await(() -> windowTable(client, config), expected, CONVERGE))
                .as(what)
                .isEmpty();
    }

    private static void awaitTotals(DynamoDbClient client, JobConfig config, Input input)
            throws InterruptedException {
        assertThat(TableMatch.await(client, config.table(), input.totals.counts(), CONVERGE))
                .as("totals")
                .isEmpty();
    }

    @Test
    void everyClosedWindowIsExactWithOutOfOrderRecordsAndAnIdlePartition() throws Exception {
        // Idle after 3 s: long enough that partition 1 is not idle before its first fetch.
        // A top list of 5 per window: shorter than a window's words, so the lists are cut.
        JobConfig config =
                config(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ZERO).withTopSize(5);
        long base = base();
        TextGenerator text = new TextGenerator(11, 400, 1.1);
        Input input = new Input();
        // Partition 1: half a second of records, then nothing: idle after 3 s.
        for (int i = 0; i < 20; i++) {
            input.add(1, base + i * 25L, text.nextLine());
        }
        // Partition 0: ten seconds, each block of four reversed (up to 75 ms out of order, within
        // the 500 ms bound).
        long newest = 0;
        for (int block = 0; block < 100; block++) {
            for (int j = 3; j >= 0; j--) {
                long ts = base + (block * 4L + j) * 25;
                input.add(0, ts, text.nextLine());
                newest = Math.max(newest, ts);
            }
        }
        input.send(config);
        Map<String, Long> closed = input.windowsEndingBy(newest - 500);
        assertThat(closed).as("nine windows closed, the tenth still open").isNotEmpty();
        assertThat(input.windows.windows()).isEqualTo(10);

        try (DynamoDbClient client = SERVICES.dynamoClient(config)) {
            JobClient job =
                    StreamCountJob.start(
                            StreamExecutionEnvironment.getExecutionEnvironment(), config);
            try {
                awaitTotals(client, config, input);
                // Only once partition 1 is idle can partition 0's watermark close windows: the
                // windows of partition 1's records too.
                awaitWindows(client, config, closed, "the nine closed windows, exactly");
                assertThat(closed.keySet())
                        .anyMatch(k -> k.startsWith(base + " "))
                        .noneMatch(k -> k.startsWith((base + 9 * SECOND) + " "));
                awaitWindowTops(client, config, closed, base + 8 * SECOND);
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
            // Expiry: window end + 7 days, in epoch seconds; the table's TTL is on expires_at.
            for (WindowCountItem.Window w :
                    WindowCountTable.scanAll(client, config.windowTable())) {
                assertThat(w.end()).isEqualTo(w.start() + SECOND);
            }
            Map<String, String> expiresAt = new HashMap<>();
            client.scanPaginator(b -> b.tableName(config.windowTable()))
                    .items()
                    .forEach(
                            item ->
                                    expiresAt.put(
                                            item.get("window_end").n(),
                                            item.get("expires_at").n()));
            expiresAt.forEach(
                    (end, expires) ->
                            assertThat(Long.parseLong(expires))
                                    .isEqualTo(
                                            (Long.parseLong(end) + Duration.ofDays(7).toMillis())
                                                    / 1000));
            TimeToLiveDescription ttl =
                    client.describeTimeToLive(b -> b.tableName(config.windowTable()))
                            .timeToLiveDescription();
            assertThat(ttl.attributeName()).isEqualTo("expires_at");
            assertThat(ttl.timeToLiveStatusAsString()).isIn("ENABLED", "ENABLING");
        }
        readsTheWindowsBack(config, base, closed);
    }

    /**
     * Each closed window's kept list ({@code window#<start>} in {@code <table>Top}) is the top of
     * the independent count of that window, ranked as the job ranks (count, then word); {@code
     * window#latest} is the newest closed window's; the items expire with the windowed table's.
     */
    private static void awaitWindowTops(
            DynamoDbClient client, JobConfig config, Map<String, Long> closed, long newest)
            throws InterruptedException {
        String topTable = TopTable.of(config.table());
        Map<Long, Map<String, Long>> byWindow = new TreeMap<>();
        closed.forEach(
                (k, n) ->
                        byWindow.computeIfAbsent(WindowKey.start(k), s -> new HashMap<>())
                                .put(WindowKey.word(k), n));
        Map<String, Long> expected = new HashMap<>();
        byWindow.forEach(
                (start, counts) -> {
                    List<Map.Entry<String, Long>> ranked =
                            IndependentTop.of(counts, config.topSize());
                    for (int r = 0; r < ranked.size(); r++) {
                        expected.put(
                                start + " " + (r + 1) + " " + ranked.get(r).getKey(),
                                ranked.get(r).getValue());
                    }
                    assertThat(counts.size())
                            .as("window %s has more words than the list keeps", start)
                            .isGreaterThan(config.topSize());
                });
        Supplier<Map<String, Long>> kept =
                () -> {
                    Map<String, Long> m = new HashMap<>();
                    for (long start : byWindow.keySet()) {
                        TopTable.get(client, topTable, TopTable.window(start))
                                .ifPresent(
                                        list -> {
                                            for (int r = 0; r < list.words().size(); r++) {
                                                WordCount w = list.words().get(r);
                                                m.put(
                                                        start + " " + (r + 1) + " " + w.word,
                                                        w.count);
                                            }
                                        });
                    }
                    return m;
                };
        assertThat(TableMatch.await(kept, expected, CONVERGE))
                .as("every closed window's kept top %d", config.topSize())
                .isEmpty();
        TopTable.Kept latest = TopTable.get(client, topTable, TopTable.LATEST_WINDOW).orElseThrow();
        assertThat(latest.windowStart()).as("window#latest").isEqualTo(newest);
        assertThat(latest.words())
                .isEqualTo(
                        TopTable.get(client, topTable, TopTable.window(newest))
                                .orElseThrow()
                                .words());
        Map<String, AttributeValue> item =
                client.getItem(
                                b ->
                                        b.tableName(topTable)
                                                .key(
                                                        Map.of(
                                                                "name",
                                                                AttributeValue.fromS(
                                                                        TopTable.window(newest)))))
                        .item();
        assertThat(Long.parseLong(item.get("window_end").n())).isEqualTo(newest + SECOND);
        assertThat(Long.parseLong(item.get("expires_at").n()))
                .isEqualTo((newest + SECOND + Duration.ofDays(7).toMillis()) / 1000);
        assertThat(
                        client.describeTimeToLive(b -> b.tableName(topTable))
                                .timeToLiveDescription()
                                .attributeName())
                .as("the top table's TTL, for the window lists")
                .isEqualTo("expires_at");
    }

    /** {@code history} and {@code top --window} print what the independent count says. */
    private static void readsTheWindowsBack(JobConfig config, long base, Map<String, Long> closed) {
        String[] where = {
            "--table", config.table(), "--dynamodb-endpoint", config.dynamoDbEndpoint().toString()
        };
        Map<String, Long> first = new HashMap<>();
        closed.forEach(
                (k, n) -> {
                    if (k.startsWith(base + " ")) {
                        first.put(k.substring(k.indexOf(' ') + 1), n);
                    }
                });
        List<Map.Entry<String, Long>> top = IndependentTop.of(first, 3);
        String word = top.get(0).getKey();

        CliITCase.Run history = run(where, "history", word, "--last", "1h");
        assertThat(history.exit()).as(history.toString()).isZero();
        List<String> lines = history.out().lines().skip(2).toList();
        // One line per window from the first with the word to the last, 0 between.
        List<String> expected = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        for (long start = base; start < base + 9 * SECOND; start += SECOND) {
            starts.add(start);
        }
        int firstWith = -1;
        int lastWith = 0;
        for (int i = 0; i < starts.size(); i++) {
            if (closed.containsKey(starts.get(i) + " " + word)) {
                firstWith = firstWith < 0 ? i : firstWith;
                lastWith = i;
            }
        }
        for (int i = firstWith; i <= lastWith; i++) {
            long n = closed.getOrDefault(starts.get(i) + " " + word, 0L);
            expected.add(java.time.Instant.ofEpochMilli(starts.get(i)) + " " + n);
        }
        assertThat(lines)
                .as(history.toString())
                .extracting(l -> l.split(" +")[0] + " " + l.split(" +")[1].replace(",", ""))
                .isEqualTo(expected);
        assertThat(lines.get(0)).as("a bar").contains("█");

        CliITCase.Run topOfFirst = run(where, "top", "--window", Long.toString(base), "-n", "3");
        assertThat(topOfFirst.exit()).as(topOfFirst.toString()).isZero();
        assertThat(topOfFirst.err()).as("read from the kept list").contains("one read of");
        assertThat(topOfFirst.out().lines().skip(2).map(l -> l.trim().split(" +")).toList())
                .as(topOfFirst.toString())
                .extracting(c -> c[1] + "=" + c[2].replace(",", ""))
                .isEqualTo(top.stream().map(e -> e.getKey() + "=" + e.getValue()).toList());

        CliITCase.Run scanned = run(where, "top", "--window", Long.toString(base), "-n", "8");
        assertThat(scanned.err())
                .as("more than the 5 kept: a scan")
                .contains("-n 8 is more than the 5 words kept: scanned");
        assertThat(scanned.out().lines().skip(2).map(l -> l.trim().split(" +")).toList())
                .as(scanned.toString())
                .extracting(c -> c[1] + "=" + c[2].replace(",", ""))
                .startsWith(
                        top.stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .toArray(String[]::new))
                .hasSize(8);

        CliITCase.Run latest = run(where, "top", "--window", "latest");
        assertThat(latest.out())
                .as("the newest window written: 8 s (9 s never closed)")
                .startsWith(
                        "window starting "
                                + java.time.Instant.ofEpochMilli(base + 8 * SECOND)
                                + " in "
                                + config.windowTable());

        CliITCase.Run bad = run(where, "top", "--window", "yesterday");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--window takes 'latest'");
    }

    /** Runs the CLI with {@code args}, then {@code where}. */
    private static CliITCase.Run run(String[] where, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(where));
        return CliITCase.run(all.toArray(String[]::new));
    }

    @Test
    void aLateRecordCorrectsItsWindowWithinTheAllowedLatenessAndIsADeadLetterBeyondIt()
            throws Exception {
        JobConfig config = config(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(3));
        long base = base();
        Input input = new Input();
        try (DynamoDbClient client = SERVICES.dynamoClient(config)) {
            JobClient job =
                    StreamCountJob.start(
                            StreamExecutionEnvironment.getExecutionEnvironment(), config);
            try {
                // Offsets 0-6 on partition 0 (partition 1 stays empty, so idle): the watermark
                // reaches 3.5 s, closing the windows at 0 s and 1 s.
                for (int i = 0; i < 5; i++) {
                    input.add(0, base + 100, "alpha beta");
                }
                input.add(0, base + 1_500, "gamma");
                input.add(0, base + 3_500, "zeta");
                input.send(config);
                awaitWindows(
                        client,
                        config,
                        Map.of(
                                base + " alpha", 5L,
                                base + " beta", 5L,
                                (base + SECOND) + " gamma", 1L),
                        "windows 0 s and 1 s fired");

                // Offsets 7-8: late for window 0 s, within its 3 s of allowed lateness.
                input.add(0, base + 200, "alpha");
                input.add(0, base + 200, "alpha");
                input.send(config);
                awaitWindows(
                        client,
                        config,
                        Map.of(
                                base + " alpha", 7L,
                                base + " beta", 5L,
                                (base + SECOND) + " gamma", 1L),
                        "window 0 s corrected to its new absolute count");

                // Offset 9: the watermark passes 6 s; window 3 s fires, which shows the
                // watermark passed 4 s (window 0 s's end plus its lateness) everywhere.
                input.add(0, base + 6_000, "delta");
                input.send(config);
                Map<String, Long> expectedWindows =
                        Map.of(
                                base + " alpha", 7L,
                                base + " beta", 5L,
                                (base + SECOND) + " gamma", 1L,
                                (base + 3 * SECOND) + " zeta", 1L);
                awaitWindows(client, config, expectedWindows, "window 3 s fired");

                // Offset 10: beyond the lateness. Counted in the totals, in no window.
                input.add(0, base + 300, "alpha omega");
                input.send(config);
                awaitTotals(client, config, input);
                assertThat(WordCountTable.get(client, config.table(), "omega")).isEqualTo(1);
                assertThat(LocalServices.readDeadLetters(config, 1))
                        .containsExactly(
                                "{\"topic\":\""
                                        + config.topic()
                                        + "\",\"partition\":0,\"offset\":10,\"reason\":\"late\"}");
                assertThat(StatusMetrics.sum("recordsLate")).isEqualTo(1);
                assertThat(windowTable(client, config))
                        .as("no window took the late record")
                        .isEqualTo(expectedWindows);
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void taskFailuresMidStreamLeaveEveryWindowExactAndNoneGoesBackwards() throws Exception {
        // No partition goes idle here (both always have records), so none can come back behind.
        JobConfig config = config(Duration.ofMillis(200), Duration.ofSeconds(60), Duration.ZERO);
        long base = base();
        TextGenerator text = new TextGenerator(23, 2_000, 1.1);
        Input input = new Input();
        int records = 3_000;
        String runId = "windows-" + config.table();
        FaultHarness.RUNS.put(runId, new FaultHarness.Run(records + 2, List.of(0.3, 0.7)));
        AwsSettings aws = AwsSettings.of(config);
        try (DynamoDbClient client = SERVICES.dynamoClient(config)) {
            WordCountTable.ensure(client, config.table());
            WindowCountTable.ensure(client, config.windowTable());
            DynamoDbClientProvider clients = DynamoDbClientProvider.of(aws);
            CountSink totals = new ExactlyOnceDynamoDbSink(config.table(), clients);
            CountSink failing =
                    stream ->
                            totals.addTo(
                                    stream.map(new FaultHarness.FailAtProgress(runId))
                                            .returns(WordCount.class)
                                            .name("fail-at-progress"));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            StreamCountTopology.configure(env, config);
            env.configure(FaultHarness.fixedDelayRestarts(100, Duration.ofMillis(200)));
            StreamCountTopology.build(
                    env,
                    KafkaRecordSource.builder(config)
                            .setDeserializer(new FaultHarness.TrackingDeserializer(runId))
                            .build(),
                    config.flushInterval(),
                    config.windowing(),
                    config.topic(),
                    failing,
                    StreamCountJob.windowSink(config, clients),
                    null,
                    DeadLetterSink.discard());
            JobClient job = env.executeAsync("windows under task failures");
            try (MonotonicReader reader = new MonotonicReader(() -> windowTable(client, config))) {
                // 30 seconds of event time, in ten slices while the job runs; then one empty
                // record per partition after the last window closes every window.
                FaultHarness.Run run = FaultHarness.RUNS.get(runId);
                for (int slice = 0; slice < 10; slice++) {
                    for (int i = 0; i < records / 10; i++) {
                        int n = slice * (records / 10) + i;
                        input.add(n % 2, base + n * 10L, text.nextLine());
                    }
                    long checkpointBefore = run.lastCompletedCheckpoint.get();
                    input.send(config);
                    long produced = (slice + 1L) * (records / 10);
                    // Paced by the job: most of the slice read and a checkpoint completed since,
                    // so the failures land mid-stream with checkpoints between them.
                    await(
                            () ->
                                    run.progress() * run.totalRecords >= produced * 0.8
                                            && run.lastCompletedCheckpoint.get() > checkpointBefore,
                            "slice " + slice + " mostly read and a checkpoint since");
                }
                input.records.add(new Object[] {0, base + 32 * SECOND, new byte[0]});
                input.records.add(new Object[] {1, base + 32 * SECOND, new byte[0]});
                input.send(config);
                awaitTotals(client, config, input);
                awaitWindows(client, config, input.windows.counts(), "every window, exactly");
                assertThat(FaultHarness.RUNS.get(runId).failuresInjected.get())
                        .as("both injected failures fired (test ineffective otherwise)")
                        .isEqualTo(2);
                assertThat(reader.scans()).isGreaterThan(10);
                assertThat(reader.decreases()).as("window counts that went down").isEmpty();
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void rescalingFrom2To1To3ThroughSavepointsWithWindowsOpenLosesNothing(@TempDir Path savepoints)
            throws Exception {
        JobConfig config = config(Duration.ofMillis(300), Duration.ofSeconds(60), Duration.ZERO);
        long base = base();
        TextGenerator text = new TextGenerator(5, 1_000, 1.1);
        Input input = new Input();
        String savepoint = null;
        long next = base;
        try (DynamoDbClient client = SERVICES.dynamoClient(config)) {
            int[] parallelisms = {2, 1, 3};
            for (int phase = 0; phase < parallelisms.length; phase++) {
                if (savepoint != null) {
                    SERVICES.deleteEverythingProducedSoFar(config);
                }
                // 4.5 s of event time per phase, on both partitions: the window the phase ends in
                // is open at the savepoint, and its records before the savepoint are deleted from
                // Kafka, so only a restored window state can make it exact.
                long newest = 0;
                for (int i = 0; i < 450; i++) {
                    newest = next;
                    input.add(i % 2, next, text.nextLine());
                    next += 10;
                }
                boolean last = phase == parallelisms.length - 1;
                // The watermark: the older partition's newest record (10 ms before the newest)
                // minus the out-of-orderness.
                long closedBy = newest - 10 - 300;
                if (last) {
                    input.records.add(new Object[] {0, next + 2 * SECOND, new byte[0]});
                    input.records.add(new Object[] {1, next + 2 * SECOND, new byte[0]});
                    closedBy = Long.MAX_VALUE;
                }
                input.send(config);
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment();
                if (savepoint != null) {
                    Configuration restore = new Configuration();
                    restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
                    env.configure(restore);
                }
                JobClient job =
                        StreamCountJob.start(env, config.withParallelism(parallelisms[phase]));
                awaitWindows(
                        client,
                        config,
                        input.windowsEndingBy(closedBy),
                        "windows closed at parallelism " + parallelisms[phase]);
                awaitTotals(client, config, input);
                if (last) {
                    job.cancel().get(60, TimeUnit.SECONDS);
                } else {
                    assertThat(input.windows.counts().size())
                            .as("a window is still open at the savepoint")
                            .isGreaterThan(input.windowsEndingBy(closedBy).size());
                    savepoint =
                            job.stopWithSavepoint(
                                            false,
                                            savepoints.toUri().toString(),
                                            SavepointFormatType.CANONICAL)
                                    .get(60, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws Exception {
        LocalServices.await(condition, CONVERGE, what);
    }
}
