package dev.streamcount.cli.bench;

import dev.streamcount.cli.LocalFlink;
import dev.streamcount.cli.RecordProducer;
import dev.streamcount.cli.TableMatch;
import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.config.Durations;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.job.top.TopTable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * streamcount as a user runs it, unbounded: from start until the table equals the expected counts;
 * then marker records for produce → visible latency.
 */
final class StreamcountPhase implements Phase {

    private final String name;
    private final JobConfig.Delivery delivery;
    private final Duration checkpointInterval;
    private final int topSize;

    StreamcountPhase(String name, JobConfig.Delivery delivery, Duration checkpointInterval) {
        this(name, delivery, checkpointInterval, Integer.parseInt(JobConfig.DEFAULT_TOP_SIZE));
    }

    /**
     * @param topSize the job's kept top list ({@code --top-size}), 0 for none
     */
    StreamcountPhase(
            String name, JobConfig.Delivery delivery, Duration checkpointInterval, int topSize) {
        this.name = name;
        this.delivery = delivery;
        this.checkpointInterval = checkpointInterval;
        this.topSize = topSize;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean checked() {
        return true;
    }

    @Override
    public BenchResult run(BenchContext bench) throws Exception {
        String phase = name;
        String table = "bench_" + phase.replace('-', '_');
        JobConfig config =
                bench.setup()
                        .base()
                        .withGroupId("bench-" + phase)
                        .withTable(table)
                        .withDelivery(delivery)
                        .withCheckpointInterval(checkpointInterval)
                        .withTopSize(topSize)
                        .withDeadLetterTopicOrNull("bench-" + phase + "-dlq");
        StreamExecutionEnvironment env =
                LocalFlink.environment(config.parallelism(), 0, null, null);
        BenchContext.awaitNoRunningTasks();
        long itemsBefore = DynamoDbWriteMeter.items();
        long busyBefore = DynamoDbWriteMeter.busyNanos();
        FirstRecordClock clock = FirstRecordClock.start();
        JobClient job = StreamCountJob.start(env, config);
        try {
            long deadline = System.nanoTime() + bench.setup().timeout().toNanos();
            Map<String, Long> expected = new HashMap<>(bench.setup().input().expected());
            expected.putAll(bench.markersInTopic());
            BenchContext.awaitCounter(
                    "wordsCounted",
                    bench.setup().input().words() + bench.markersInTopic().size(),
                    deadline,
                    phase);
            long counted = System.nanoTime();
            Set<String> missing =
                    new TableWatcher(bench.client(), table)
                            .awaitCounts(
                                    expected,
                                    deadline,
                                    // Every word needs a write: no sooner can the table be exact.
                                    () ->
                                            DynamoDbWriteMeter.items() - itemsBefore
                                                    >= expected.size());
            // The table has not changed since its last write, so it was exact from then on; the
            // watcher's last pass (seconds, for a large table on disk) is not counted.
            long confirmed = System.nanoTime();
            long lastWrite = DynamoDbWriteMeter.lastWriteNanos();
            long done =
                    lastWrite - clock.firstRecordNanos() > 0 && confirmed - lastWrite > 0
                            ? lastWrite
                            : confirmed;
            long busy = DynamoDbWriteMeter.busyNanos() - busyBefore;
            long items = DynamoDbWriteMeter.items() - itemsBefore;
            BenchContext.check(
                    missing.isEmpty(),
                    phase
                            + ": "
                            + missing.size()
                            + " words never reached their count in "
                            + bench.setup().timeout().toSeconds()
                            + "s");
            double s = (done - clock.firstRecordNanos()) / 1e9;

            LatencyProbe.Result latency;
            String markerPrefix = "m" + (char) ('a' + bench.nextMarkerRound()) + "x";
            try (RecordProducer producer = new RecordProducer(config)) {
                latency =
                        LatencyProbe.measure(
                                producer,
                                bench.client(),
                                table,
                                markerPrefix,
                                bench.setup().markers(),
                                bench.setup().markerSpacing(),
                                checkpointInterval.plus(bench.setup().timeout()));
            }
            // Everything, markers included, exactly once: nothing more, nothing less, no other
            // words.
            for (int i = 0; i < bench.setup().markers(); i++) {
                bench.markersInTopic().put(LatencyProbe.marker(markerPrefix, i), 1L);
            }
            expected.putAll(bench.markersInTopic());
            List<String> diffs =
                    TableMatch.differences(expected, WordCountTable.scanAll(bench.client(), table));
            return new BenchResult(
                    phase,
                    bench.setup().input().words(),
                    s,
                    items,
                    0,
                    0,
                    latency,
                    diffs.isEmpty() ? BenchResult.VERIFIED : TableMatch.summary(diffs),
                    String.format(
                            "%s checkpoints, %s flush, %s; all counted in %.1f s; %s; DynamoDB"
                                    + " busy %.0f%% of the time",
                            Durations.format(checkpointInterval),
                            Durations.format(config.flushInterval()),
                            topSize == 0 ? "no top list" : "top " + topSize + " kept",
                            (counted - clock.firstRecordNanos()) / 1e9,
                            BenchContext.writeRate(items, clock.firstRecordNanos(), done),
                            100.0 * busy / (done - clock.firstRecordNanos())));
        } finally {
            clock.close();
            job.cancel().get(60, TimeUnit.SECONDS);
            bench.client().deleteTable(b -> b.tableName(table));
            if (topSize > 0) {
                bench.client().deleteTable(b -> b.tableName(TopTable.of(table)));
            }
        }
    }
}
