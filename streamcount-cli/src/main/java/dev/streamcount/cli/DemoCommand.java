package dev.streamcount.cli;

import dev.streamcount.cli.dashboard.DashboardServer;
import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.DurationConverter;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.config.PipelineOptions;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.job.window.WindowCountTable;
import dev.streamcount.local.EmbeddedDynamoDb;
import dev.streamcount.local.EmbeddedKafka;
import dev.streamcount.local.Ports;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(
        name = "demo",
        defaultValueProvider = DemoCommand.Defaults.class,
        mixinStandardHelpOptions = true,
        description = {
            "Start Kafka, a DynamoDB store and Flink in this JVM, count a sample text, and check"
                    + " every count",
            "in DynamoDB against an independent count of the same input. Exit 0 only if all match."
        })
class DemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin PipelineOptions pipeline = new PipelineOptions();

    @Option(
            names = "--words",
            description =
                    "Generated words on top of the bundled sample (default: ${DEFAULT-VALUE}).",
            defaultValue = "200000")
    long words;

    @Option(
            names = "--vocabulary",
            description = "Distinct generated words, Zipf-distributed (default: ${DEFAULT-VALUE}).",
            defaultValue = "5000")
    int vocabulary;

    @Option(
            names = "--seed",
            description = "Seed of the generated text (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed;

    @Option(
            names = "--timeout",
            converter = DurationConverter.class,
            description = "Give up if the counts do not match by then (default: 120s).",
            defaultValue = "120s")
    Duration timeout;

    @Mixin LocalServiceOptions ports = new LocalServiceOptions();

    @Option(
            names = "--keep-running",
            description =
                    "After the check, keep Kafka, the DynamoDB store, the job and the dashboard"
                            + " running until Ctrl-C.")
    boolean keepRunning;

    private final CountDownLatch cleanedUp = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        try {
            return demo();
        } finally {
            cleanedUp.countDown();
        }
    }

    private int demo() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int dashboardPort = ports.claimDashboardPort(spec.commandLine());
        long started = System.nanoTime();
        JobConfig base = pipeline.applyTo(JobConfig.defaults());
        Path dir = Files.createTempDirectory("streamcount-demo");
        try (EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.start(ports.dynamoPort, null);
                EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), ports.kafkaPort)) {
            kafka.createTopic(base.topic(), 2);
            JobConfig config =
                    base.withBootstrapServers(kafka.bootstrapServers())
                            .withDynamoDbEndpoint(dynamo.endpoint());
            int web = Ports.claim("Flink web UI", ports.webPort);
            out.println("streamcount demo");
            out.printf(
                    "  Kafka           %s (in this JVM, topic %s, 2 partitions)%n",
                    kafka.bootstrapServers(), config.topic());
            out.printf(
                    "  DynamoDB        %s (streamcount-store in this JVM, in memory, table %s)%n",
                    dynamo.endpoint(), config.table());
            out.printf(
                    "  Flink           MiniCluster, parallelism %d, checkpoints every %s, web UI"
                            + " http://127.0.0.1:%d%n",
                    config.parallelism(), config.checkpointInterval().toMillis() + "ms", web);
            DashboardServer dashboard = DashboardServer.startFor(dashboardPort, config, web);
            if (dashboard != null) {
                out.printf("  Dashboard       %s%n", dashboard.url());
            }
            out.flush();

            ReferenceWordCount reference = new ReferenceWordCount();
            ReferenceWindowCount windows =
                    config.windowing().enabled()
                            ? new ReferenceWindowCount(config.windowing().size().toMillis())
                            : null;
            long records = DemoInput.send(config, seed, vocabulary, words, reference, windows);
            out.printf(
                    "produced %,d records (%,d words, %,d distinct) to %s%n",
                    records, reference.words(), reference.counts().size(), config.topic());
            out.flush();

            JobClient job =
                    StreamCountJob.start(
                            LocalFlink.environment(config.parallelism(), web, null, null), config);
            long jobStarted = System.nanoTime();
            out.println(
                    "job "
                            + job.getJobID()
                            + " running; waiting until DynamoDB holds exactly the expected"
                            + " counts...");
            out.flush();
            try (DynamoDbClient client = DynamoDbClients.sync(AwsSettings.of(config))) {
                List<String> diffs =
                        TableMatch.await(client, config.table(), reference.counts(), timeout);
                if (!diffs.isEmpty()) {
                    spec.commandLine()
                            .getErr()
                            .println(
                                    "mismatch after "
                                            + timeout.toSeconds()
                                            + "s: "
                                            + TableMatch.summary(diffs));
                    return 1;
                }
                out.printf(
                        "DynamoDB matched the independent count %.1fs after the job started (%.1fs"
                                + " in all)%n",
                        (System.nanoTime() - jobStarted) / 1e9,
                        (System.nanoTime() - started) / 1e9);
                Map<String, Long> totals = WordCountTable.scanAll(client, config.table());
                if (windows != null) {
                    List<String> windowDiffs =
                            TableMatch.await(
                                    () -> ReferenceWindowCount.read(client, config.windowTable()),
                                    windows.counts(),
                                    timeout);
                    if (!windowDiffs.isEmpty()) {
                        spec.commandLine()
                                .getErr()
                                .println(
                                        "window mismatch after "
                                                + timeout.toSeconds()
                                                + "s: "
                                                + TableMatch.summary(windowDiffs));
                        return 1;
                    }
                    out.printf(
                            "%s matched the independent per-window count: %,d items in %d"
                                    + " windows (%.1fs after the job started)%n",
                            config.windowTable(),
                            windows.counts().size(),
                            windows.windows(),
                            (System.nanoTime() - jobStarted) / 1e9);
                    String word = top(totals);
                    out.println();
                    HistoryCommand.print(
                            out,
                            word,
                            config.windowTable(),
                            DemoInput.eventSpan(config).plus(Duration.ofMinutes(1)),
                            WindowCountTable.history(client, config.windowTable(), word, 0));
                }
                out.println();
                out.println("top 10 in " + config.table() + ":");
                TopCommand.print(out, totals, 10);
                out.println();
                out.printf(
                        "verified: %d words, %d distinct words, all counts match%s%n",
                        reference.words(),
                        reference.counts().size(),
                        windows == null
                                ? ""
                                : String.format(
                                        "; %d windows, every window's count matches",
                                        windows.windows()));
                out.flush();
                if (keepRunning) {
                    awaitCtrlC(out, dashboard, web);
                }
            } finally {
                if (dashboard != null) {
                    dashboard.close();
                }
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            return 0;
        } finally {
            FileUtils.deleteDirectoryQuietly(dir.toFile());
        }
    }

    /** Returns at Ctrl-C (or SIGTERM), which then waits until the demo has cleaned up. */
    private void awaitCtrlC(PrintWriter out, DashboardServer dashboard, int web)
            throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    stop.countDown();
                                    try {
                                        cleanedUp.await(60, TimeUnit.SECONDS);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                },
                                "streamcount-demo-stop"));
        out.println();
        out.printf(
                "still running (--keep-running): %sFlink web UI http://127.0.0.1:%d; Ctrl-C"
                        + " stops%n",
                dashboard == null ? "" : "dashboard " + dashboard.url() + ", ", web);
        out.flush();
        stop.await();
    }

    private static String top(Map<String, Long> totals) {
        return totals.entrySet().stream()
                .max(
                        Map.Entry.<String, Long>comparingByValue()
                                .thenComparing(
                                        Map.Entry.comparingByKey(
                                                java.util.Comparator.reverseOrder())))
                .map(Map.Entry::getKey)
                .orElse("");
    }

    /** Any free ports, and checkpoints every second, as {@code local}. */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--kafka-port", "--dynamodb-port", "--web-port", "--dashboard-port" -> "0";
                case "--checkpoint-interval" -> JobConfig.LOCAL_CHECKPOINT_INTERVAL;
                default -> null;
            };
        }
    }
}
