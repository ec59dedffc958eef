package dev.streamcount.cli.bench;

import dev.streamcount.cli.LocalFlink;
import dev.streamcount.cli.ReferenceWindowCount;
import dev.streamcount.cli.StatusMetrics;
import dev.streamcount.cli.TableMatch;
import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.config.Durations;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.config.Windowing;
import dev.streamcount.job.sink.WordCountTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;

/**
 * streamcount with {@code --window 5s} on the same input as the tutorial: the tutorial's own
 * computation (word counts per 5-second event-time window), every window kept and exact, beside the
 * exact totals. From the first record read until both tables equal the independent counts. Runs
 * before any phase that adds latency markers to the topic, so the input is exactly the preloaded
 * records.
 */
final class WindowedPhase implements Phase {

    static final String NAME = "windowed";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean checked() {
        return true;
    }

    @Override
    public BenchResult run(BenchContext bench) throws Exception {
        BenchContext.check(
                bench.markersInTopic().isEmpty(),
                NAME + " must run before the phases that add latency markers to the topic");
        String table = "bench_windowed";
        BenchInput input = bench.setup().input();
        Windowing defaults = Windowing.off();
        JobConfig config =
                bench.setup()
                        .base()
                        .withGroupId("bench-" + NAME)
                        .withTable(table)
                        .withCheckpointInterval(Duration.ofSeconds(1))
                        .withDeadLetterTopicOrNull("bench-" + NAME + "-dlq")
                        .withWindowing(
                                new Windowing(
                                        BenchInput.WINDOW,
                                        null,
                                        defaults.retention(),
                                        defaults.maxOutOfOrderness(),
                                        defaults.idleTimeout(),
                                        defaults.allowedLateness()));
        BenchContext.awaitNoRunningTasks();
        long itemsBefore = DynamoDbWriteMeter.items();
        FirstRecordClock clock = FirstRecordClock.start();
        JobClient job =
                StreamCountJob.start(
                        LocalFlink.environment(config.parallelism(), 0, null, null), config);
        try {
            long deadline = System.nanoTime() + bench.setup().timeout().toNanos();
            Set<String> missing =
                    new TableWatcher(bench.client(), table)
                            .awaitCounts(
                                    input.expected(),
                                    deadline,
                                    () ->
                                            DynamoDbWriteMeter.items() - itemsBefore
                                                    >= input.expected().size());
            BenchContext.check(
                    missing.isEmpty(),
                    NAME + ": " + missing.size() + " totals never reached their count");
            // Every (word, window) is written at least once before the table can be exact; only
            // then is the windowed table scanned.
            BenchContext.awaitCounter(
                    "windowItemsCommitted", input.expectedWindows().size(), deadline, NAME);
            List<String> diffs =
                    TableMatch.await(
                            () -> ReferenceWindowCount.read(bench.client(), config.windowTable()),
                            input.expectedWindows(),
                            Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            long done = DynamoDbWriteMeter.lastWriteNanos();
            long items = DynamoDbWriteMeter.items() - itemsBefore;
            long windowItems = StatusMetrics.sum("windowItemsCommitted");
            List<String> wrong = new ArrayList<>(diffs);
            wrong.addAll(
                    TableMatch.differences(
                            input.expected(), WordCountTable.scanAll(bench.client(), table)));
            return new BenchResult(
                    NAME,
                    input.words(),
                    (done - clock.firstRecordNanos()) / 1e9,
                    items,
                    0,
                    0,
                    null,
                    wrong.isEmpty() ? BenchResult.VERIFIED : TableMatch.summary(wrong),
                    String.format(
                            "%s windows, exactly once, 1 s checkpoints: %,d (word, window) counts"
                                    + " in %d windows and %,d totals, every one exact; %,d window"
                                    + " items written; %s",
                            Durations.format(BenchInput.WINDOW),
                            input.expectedWindows().size(),
                            input.windows(),
                            input.expected().size(),
                            windowItems,
                            BenchContext.writeRate(items, clock.firstRecordNanos(), done)));
        } finally {
            clock.close();
            job.cancel().get(60, TimeUnit.SECONDS);
            bench.client().deleteTable(b -> b.tableName(table));
            bench.client().deleteTable(b -> b.tableName(config.windowTable()));
        }
    }
}
