package dev.streamcount.cli.bench;

import dev.streamcount.cli.LocalFlink;
import dev.streamcount.job.StreamCountTopology;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.config.Windowing;
import dev.streamcount.job.kafka.KafkaRecordSource;
import dev.streamcount.job.sink.DeadLetterSink;
import dev.streamcount.job.sink.DynamoDbClientProvider;
import dev.streamcount.job.top.TopSink;
import dev.streamcount.job.top.TopTable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * streamcount's topology as the streamcount phases run it (same checkpoints), with the DynamoDB
 * sink replaced by one that only notes the totals: from the first record until every word's total
 * is complete. The most the counting part can do on this machine.
 */
final class CountCeiling implements Phase {

    static final String NAME = "count-ceiling";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public BenchResult run(BenchContext bench) throws Exception {
        // It is the first Flink phase: the first run compiles the hot path (JIT) and loads Flink's
        // classes; only the second, warm, run is reported, as the phases after it run warm too.
        countCeilingRun(bench, "bench-count-ceiling-warmup", 0);
        double s = countCeilingRun(bench, "bench-count-ceiling", 0);
        return new BenchResult(
                "count-ceiling",
                bench.setup().input().words(),
                s,
                -1,
                0,
                0,
                null,
                "-",
                "topology, 1 s checkpoints, 100 ms flush, into a sink that only sums the totals;"
                        + " after a warm-up run");
    }

    /**
     * One run of the topology into the summing sink, reading the topic from its start.
     *
     * @param topSize the job's kept top list, 0 for none; kept in {@code bench_top<size>Top}
     * @return seconds from the first record read until every word's total is complete
     */
    static double countCeilingRun(BenchContext bench, String group, int topSize) throws Exception {
        // A 100 ms flush, so the moment the last word is counted shows within 0.1 s, not 1 s.
        JobConfig config =
                bench.setup()
                        .base()
                        .withGroupId(group)
                        .withCheckpointInterval(Duration.ofSeconds(1))
                        .withFlushInterval(Duration.ofMillis(100));
        StreamExecutionEnvironment env =
                LocalFlink.environment(config.parallelism(), 0, null, null);
        StreamCountTopology.configure(env, config);
        TopSink top = null;
        if (topSize > 0) {
            String table = TopTable.of("bench_top" + topSize);
            TopTable.ensure(bench.client(), table, false);
            top = new TopSink(table, topSize, DynamoDbClientProvider.of(AwsSettings.of(config)));
        }
        StreamCountTopology.build(
                env,
                KafkaRecordSource.of(config),
                config.flushInterval(),
                Windowing.off(),
                config.topic(),
                totals -> totals.sinkTo(new TotalsProbeSink()).name("totals-probe"),
                null,
                top,
                DeadLetterSink.discard());
        BenchContext.awaitNoRunningTasks();
        TotalsProbeSink.reset();
        long target = bench.setup().input().words() + bench.markersInTopic().size();
        try (FirstRecordClock clock = FirstRecordClock.start()) {
            JobClient job = env.executeAsync(group);
            try {
                long deadline = System.nanoTime() + bench.setup().timeout().toNanos();
                while (TotalsProbeSink.sum() < target) {
                    BenchContext.check(
                            System.nanoTime() < deadline,
                            "count-ceiling: totals sum to "
                                    + TotalsProbeSink.sum()
                                    + ", expected "
                                    + target);
                    Thread.sleep(1);
                }
                double s = (System.nanoTime() - clock.firstRecordNanos()) / 1e9;
                BenchContext.check(
                        TotalsProbeSink.sum() == target,
                        "count-ceiling: totals sum to "
                                + TotalsProbeSink.sum()
                                + ", more than the "
                                + target
                                + " words read");
                return s;
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
    }
}
