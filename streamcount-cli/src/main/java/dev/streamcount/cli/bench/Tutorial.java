package dev.streamcount.cli.bench;

import dev.streamcount.cli.LocalFlink;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.line.FlinkLine;
import dev.streamcount.job.sink.WordCountTable;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The tutorial's pipeline ({@link TutorialPipeline}), bounded: time to drain the topic and write
 * every window's counts.
 */
final class Tutorial implements Phase {

    static final String NAME = "tutorial";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public BenchResult run(BenchContext bench) throws Exception {
        String table = "bench_tutorial";
        WordCountTable.ensure(bench.client(), table);
        JobConfig config = bench.setup().base().withGroupId("bench-tutorial");
        StreamExecutionEnvironment env =
                LocalFlink.environment(config.parallelism(), 0, null, null);
        env.setParallelism(config.parallelism());
        Sink<WordCount> sink =
                FlinkLine.tutorialSink(table, AwsSettings.of(config), TutorialPipeline.BATCH_SIZE)
                        .orElseThrow();
        TutorialPipeline.build(env, bench.boundedSource(config), sink);
        long itemsBefore = DynamoDbWriteMeter.items();
        long t0 = System.nanoTime();
        double s = bench.runBounded(env, "bench tutorial");
        long items = DynamoDbWriteMeter.items() - itemsBefore;
        String rate = BenchContext.writeRate(items, t0, System.nanoTime());
        Map<String, Long> held = WordCountTable.scanAll(bench.client(), table);
        long right =
                bench.setup().input().expected().entrySet().stream()
                        .filter(e -> e.getValue().equals(held.get(e.getKey())))
                        .count();
        bench.client().deleteTable(b -> b.tableName(table));
        // Each word's item holds the count of the last window it was in: that one (word, window)
        // count is kept, every other is lost.
        Map<String, Long> lastWindow = new java.util.HashMap<>();
        Map<String, Long> lastStart = new java.util.HashMap<>();
        bench.setup()
                .input()
                .expectedWindows()
                .forEach(
                        (key, n) -> {
                            long start = Long.parseLong(key.substring(0, key.indexOf(' ')));
                            String word = key.substring(key.indexOf(' ') + 1);
                            if (start > lastStart.getOrDefault(word, Long.MIN_VALUE)) {
                                lastStart.put(word, start);
                                lastWindow.put(word, n);
                            }
                        });
        long windowsKept =
                lastWindow.entrySet().stream()
                        .filter(e -> e.getValue().equals(held.get(e.getKey())))
                        .count();
        return new BenchResult(
                "tutorial",
                bench.setup().input().words(),
                s,
                items,
                0,
                0,
                null,
                String.format(
                        "wrong by design: %d of %d words right",
                        right, bench.setup().input().expected().size()),
                String.format(
                        "5 s event-time windows, official sink, batch 20; keeps %,d of %,d (word,"
                                + " window) counts; %s",
                        windowsKept, bench.setup().input().expectedWindows().size(), rate));
    }
}
