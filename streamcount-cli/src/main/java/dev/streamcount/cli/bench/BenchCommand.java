package dev.streamcount.cli.bench;

import dev.streamcount.cli.RecordProducer;
import dev.streamcount.cli.ReferenceWindowCount;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.DurationConverter;
import dev.streamcount.job.config.Durations;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.config.Windowing;
import dev.streamcount.local.EmbeddedDynamoDb;
import dev.streamcount.local.EmbeddedKafka;
import dev.streamcount.local.TextGenerator;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.util.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark streamcount side by side with the tutorial pipeline, a hand-written consumer"
                    + " and the",
            "ceilings of Kafka, counting and DynamoDB, on embedded services and one generated"
                    + " input.",
            "Prints a Markdown table and a summary line; exit 0 only if every checked table is"
                    + " exact."
        })
public class BenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--quick",
            description = "A smaller run (1M words), under 2 minutes on 2 cores.")
    boolean quick;

    @Option(
            names = "--words",
            description = "Words to generate and preload (default: 5,000,000; --quick: 1,000,000).")
    Long words;

    @Option(
            names = "--vocabulary",
            description = "Distinct words, Zipf-distributed (default: ${DEFAULT-VALUE}).",
            defaultValue = "50000")
    int vocabulary;

    @Option(
            names = "--skew",
            description = "Zipf exponent s: rank k has weight 1/k^s (default: ${DEFAULT-VALUE}).",
            defaultValue = "1.1")
    double skew;

    @Option(
            names = "--seed",
            description = "Seed of the generated text (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed;

    @Option(
            names = "--partitions",
            description = "Partitions of the input topic (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    int partitions;

    @Option(
            names = "--parallelism",
            description = "Flink parallelism (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    int parallelism;

    @Option(
            names = "--naive-words",
            description = "Words the naive consumer runs on (default: 20,000; --quick: 5,000).")
    Integer naiveWords;

    @Option(
            names = "--markers",
            description = "Latency markers per streamcount phase (default: 20; --quick: 10).")
    Integer markers;

    @Option(
            names = "--marker-spacing",
            converter = DurationConverter.class,
            description = "Time between markers (default: 250ms).",
            defaultValue = "250ms")
    Duration markerSpacing;

    @Option(
            names = "--ceiling-items",
            description =
                    "Items each dynamodb-ceiling phase writes (default: 50,000; --quick: 20,000).")
    Integer ceilingItems;

    @Option(
            names = "--ceiling-in-flight",
            description =
                    "Requests in flight in the dynamodb-ceiling phases (default:"
                            + " ${DEFAULT-VALUE}).",
            defaultValue = "4")
    int ceilingInFlight;

    @Option(
            names = "--phases",
            split = ",",
            paramLabel = "PHASE",
            description =
                    "Phases to run, comma-separated (default: all): kafka-ceiling, count-ceiling,"
                            + " top-list-cost, tutorial, windowed, naive, at-least-once,"
                            + " exactly-once-1s, exactly-once-1s-no-top, exactly-once-5s,"
                            + " dynamodb-ceiling, dynamodb-ceiling-put, dynamodb-ceiling-transact.")
    List<String> phases;

    @Option(
            names = "--timeout",
            converter = DurationConverter.class,
            description = "Give up on a phase after this long (default: 600s).",
            defaultValue = "600s")
    Duration timeout;

    @Option(
            names = "--dynamodb-on-disk",
            description =
                    "Keep the store's tables on disk (durable, synced), in the temp dir, as local"
                            + " does (default: in memory, which no local user runs).")
    boolean dynamoDbOnDisk;

    @Mixin StoreCeilingOptions store = new StoreCeilingOptions();

    @Mixin LocalLoadOptions localLoad = new LocalLoadOptions();

    @Option(
            names = "--output",
            description = "Also write the results table (Markdown) to this file.")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (store.storeCeilings) {
            if (phases != null) {
                throw new ParameterException(
                        spec.commandLine(), "--store-ceilings runs no phases; leave out --phases");
            }
            return store.run(spec.commandLine(), output);
        }
        if (localLoad.file != null) {
            if (phases != null || store.storeCeilings) {
                throw new ParameterException(
                        spec.commandLine(), "--local-load runs alone; leave out --phases");
            }
            return localLoad.run(spec.commandLine().getOut(), parallelism, timeout.toSeconds());
        }
        List<String> selected = phases == null ? Phases.names() : phases;
        for (String p : selected) {
            if (Phases.named(p).isEmpty()) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Unknown phase '"
                                + p
                                + "' for --phases; phases are "
                                + String.join(", ", Phases.names()));
            }
        }
        long totalWords = words != null ? words : quick ? 1_000_000 : 5_000_000;
        if (totalWords < 1 || vocabulary < 1 || skew < 0 || partitions < 1 || parallelism < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--words, --vocabulary, --partitions and --parallelism must be at least 1,"
                            + " --skew at least 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        DynamoDbWriteMeter.enable();
        Path dir = Files.createTempDirectory("streamcount-bench");
        try (EmbeddedDynamoDb dynamo =
                        EmbeddedDynamoDb.start(0, dynamoDbOnDisk ? dir.resolve("dynamodb") : null);
                EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            JobConfig base =
                    JobConfig.defaults()
                            .withTopic("bench")
                            .withParallelism(parallelism)
                            .withBootstrapServers(kafka.bootstrapServers())
                            .withDynamoDbEndpoint(dynamo.endpoint());
            kafka.createTopic(base.topic(), partitions);
            out.printf(
                    "streamcount bench%s%s: %d cores, Java %s, max heap %d MiB; Kafka, the"
                            + " DynamoDB store (%s) and Flink (parallelism %d) in this JVM%n",
                    quick ? " --quick" : "",
                    dynamoDbOnDisk ? " --dynamodb-on-disk" : "",
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory() >> 20,
                    dynamoDbOnDisk ? "durable on disk" : "in memory",
                    parallelism);
            out.flush();
            BenchInput input = preload(base, totalWords, out);
            BenchContext.Setup setup =
                    new BenchContext.Setup(
                            base,
                            input,
                            naiveWords != null ? naiveWords : quick ? 5_000 : 20_000,
                            markers != null ? markers : quick ? 10 : 20,
                            markerSpacing,
                            ceilingItems != null ? ceilingItems : quick ? 20_000 : 50_000,
                            ceilingInFlight,
                            timeout);
            Map<String, BenchResult> results = new LinkedHashMap<>();
            try (DynamoDbClient client = DynamoDbClients.sync(AwsSettings.of(base))) {
                BenchContext bench = new BenchContext(setup, client);
                for (Phase phase : Phases.ALL) {
                    if (!selected.contains(phase.name())) {
                        continue;
                    }
                    BenchResult r = run(bench, phase);
                    results.put(phase.name(), r);
                    out.printf("  %-25s %s%n", phase.name(), BenchReport.line(r));
                    out.flush();
                }
            }
            String table = BenchReport.table(results.values());
            out.println();
            out.print(table);
            out.println();
            String summary = BenchReport.summary(results);
            out.println(summary);
            if (output != null) {
                Files.writeString(output, table + "\n" + summary + "\n");
            }
            return results.values().stream()
                            .allMatch(r -> r.verified() || !Phases.checked(r.phase()))
                    ? 0
                    : 1;
        } finally {
            FileUtils.deleteDirectoryQuietly(dir.toFile());
        }
    }

    private BenchInput preload(JobConfig base, long totalWords, PrintWriter out) throws Exception {
        TextGenerator generator = new TextGenerator(seed, vocabulary, skew);
        long started = System.nanoTime();
        long bytes = 0;
        // Event time: the records' timestamps spread evenly, in order, over SPAN_WINDOWS windows
        // ending now, each counted per window independently of any pipeline.
        long window = BenchInput.WINDOW.toMillis();
        long span = window * BenchInput.SPAN_WINDOWS;
        long start = System.currentTimeMillis() - span;
        ReferenceWindowCount windows = new ReferenceWindowCount(window);
        RecordProducer producer = new RecordProducer(base);
        try (producer) {
            while (generator.wordsGenerated() < totalWords) {
                byte[] line = generator.nextLine().getBytes(StandardCharsets.UTF_8);
                long timestamp = start + span * generator.wordsGenerated() / totalWords;
                bytes += line.length;
                windows.add(timestamp, line);
                producer.send(null, timestamp, line);
            }
            // One empty record per partition after the last window (and the default
            // out-of-orderness) closes every window of an unbounded job: a watermark only moves
            // with records. They hold no word.
            long closing =
                    start
                            + span
                            + window
                            + Durations.parse(Windowing.DEFAULT_MAX_OUT_OF_ORDERNESS).toMillis()
                            + 1;
            for (int partition = 0; partition < partitions; partition++) {
                producer.send(partition, closing, new byte[0]);
            }
        }
        BenchContext.check(producer.failed() == 0, "preloading failed: " + producer.firstError());
        Map<String, Long> expected = generator.expectedCounts();
        out.printf(
                "preloaded %,d records, %,d words (%,d distinct of vocabulary %,d, s = %s, seed"
                        + " %d), %.1f MB in %.1f s%n",
                producer.acked(),
                generator.wordsGenerated(),
                expected.size(),
                vocabulary,
                skew,
                seed,
                bytes / 1e6,
                (System.nanoTime() - started) / 1e9);
        out.flush();
        return new BenchInput(
                producer.acked(),
                generator.wordsGenerated(),
                bytes,
                expected,
                windows.counts(),
                windows.windows());
    }

    private static BenchResult run(BenchContext bench, Phase phase) throws Exception {
        System.gc(); // so the heap peak is this phase's, not garbage left by the one before
        try (ResourceSampler sampler = new ResourceSampler()) {
            BenchResult r = phase.run(bench);
            sampler.close();
            return r.withMemory(sampler.peakHeapBytes(), sampler.peakRssBytes());
        }
    }
}
