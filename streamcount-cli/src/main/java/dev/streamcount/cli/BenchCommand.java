package dev.streamcount.cli;

import dev.streamcount.job.DurationConverter;
import dev.streamcount.job.JobConfig;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.util.FileUtils;
import picocli.CommandLine.Command;
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
class BenchCommand implements Callable<Integer> {

    /** Phases, in the order they run. */
    static final List<String> PHASES =
            List.of(
                    "kafka-ceiling",
                    "count-ceiling",
                    "tutorial",
                    "naive",
                    "at-least-once",
                    "exactly-once-1s",
                    "exactly-once-5s",
                    "dynamodb-ceiling");

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
            description = "Items dynamodb-ceiling writes (default: 50,000; --quick: 20,000).")
    Integer ceilingItems;

    @Option(
            names = "--ceiling-in-flight",
            description =
                    "BatchWriteItem requests in flight in dynamodb-ceiling (default:"
                            + " ${DEFAULT-VALUE}).",
            defaultValue = "4")
    int ceilingInFlight;

    @Option(
            names = "--phases",
            split = ",",
            paramLabel = "PHASE",
            description =
                    "Phases to run, comma-separated (default: all): kafka-ceiling, count-ceiling,"
                            + " tutorial, naive, at-least-once, exactly-once-1s, exactly-once-5s,"
                            + " dynamodb-ceiling.")
    List<String> phases;

    @Option(
            names = "--timeout",
            converter = DurationConverter.class,
            description = "Give up on a phase after this long (default: 600s).",
            defaultValue = "600s")
    Duration timeout;

    @Option(
            names = "--output",
            description = "Also write the results table (Markdown) to this file.")
    Path output;

    @Override
    public Integer call() throws Exception {
        List<String> selected = phases == null ? PHASES : phases;
        for (String p : selected) {
            if (!PHASES.contains(p)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Unknown phase '"
                                + p
                                + "' for --phases; phases are "
                                + String.join(", ", PHASES));
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
        try (EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.start(0, null);
                EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            JobConfig base =
                    JobConfig.defaults()
                            .withTopic("bench")
                            .withParallelism(parallelism)
                            .withBootstrapServers(kafka.bootstrapServers())
                            .withDynamoDbEndpoint(dynamo.endpoint());
            kafka.createTopic(base.topic(), partitions);
            out.printf(
                    "streamcount bench%s: %d cores, Java %s, max heap %d MiB; Kafka, DynamoDB Local"
                            + " and Flink (parallelism %d) in this JVM%n",
                    quick ? " --quick" : "",
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory() >> 20,
                    parallelism);
            out.flush();
            BenchInput input = preload(base, totalWords, out);
            Bench.Setup setup =
                    new Bench.Setup(
                            base,
                            input,
                            naiveWords != null ? naiveWords : quick ? 5_000 : 20_000,
                            markers != null ? markers : quick ? 10 : 20,
                            markerSpacing,
                            ceilingItems != null ? ceilingItems : quick ? 20_000 : 50_000,
                            ceilingInFlight,
                            timeout);
            Map<String, BenchResult> results = new LinkedHashMap<>();
            try (DynamoDbClient client = Dynamo.client(base)) {
                Bench bench = new Bench(setup, client);
                for (String phase : PHASES) {
                    if (!selected.contains(phase)) {
                        continue;
                    }
                    BenchResult r = run(bench, phase);
                    results.put(phase, r);
                    out.printf("  %-17s %s%n", phase, line(r));
                    out.flush();
                }
            }
            String table = table(results.values());
            out.println();
            out.print(table);
            out.println();
            String summary = summary(results);
            out.println(summary);
            if (output != null) {
                Files.writeString(output, table + "\n" + summary + "\n");
            }
            return results.values().stream().allMatch(r -> r.verified() || !checked(r.phase()))
                    ? 0
                    : 1;
        } finally {
            FileUtils.deleteDirectoryQuietly(dir.toFile());
        }
    }

    /** Phases whose table must match the expected counts exactly. */
    private static boolean checked(String phase) {
        return phase.equals("naive")
                || phase.equals("at-least-once")
                || phase.startsWith("exactly-once");
    }

    private BenchInput preload(JobConfig base, long totalWords, PrintWriter out) throws Exception {
        TextGenerator generator = new TextGenerator(seed, vocabulary, skew);
        long started = System.nanoTime();
        long bytes = 0;
        RecordProducer producer = new RecordProducer(base.bootstrapServers(), base.topic());
        try (producer) {
            while (generator.wordsGenerated() < totalWords) {
                byte[] line = generator.nextLine().getBytes(StandardCharsets.UTF_8);
                bytes += line.length;
                producer.send(line);
            }
        }
        Bench.check(producer.failed() == 0, "preloading failed: " + producer.firstError());
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
        return new BenchInput(producer.acked(), generator.wordsGenerated(), bytes, expected);
    }

    private static BenchResult run(Bench bench, String phase) throws Exception {
        System.gc(); // so the heap peak is this phase's, not garbage left by the one before
        try (ResourceSampler sampler = new ResourceSampler()) {
            BenchResult r =
                    switch (phase) {
                        case "kafka-ceiling" -> bench.kafkaCeiling();
                        case "count-ceiling" -> bench.countCeiling();
                        case "tutorial" -> bench.tutorial();
                        case "naive" -> bench.naive();
                        case "at-least-once" ->
                                bench.streamcount(
                                        phase,
                                        JobConfig.Delivery.AT_LEAST_ONCE,
                                        Duration.ofSeconds(1));
                        case "exactly-once-1s" ->
                                bench.streamcount(
                                        phase,
                                        JobConfig.Delivery.EXACTLY_ONCE,
                                        Duration.ofSeconds(1));
                        case "exactly-once-5s" ->
                                bench.streamcount(
                                        phase,
                                        JobConfig.Delivery.EXACTLY_ONCE,
                                        Duration.ofSeconds(5));
                        case "dynamodb-ceiling" -> bench.dynamodbCeiling();
                        default -> throw new IllegalArgumentException(phase);
                    };
            sampler.close();
            return r.withMemory(sampler.peakHeapBytes(), sampler.peakRssBytes());
        }
    }

    private static String line(BenchResult r) {
        String rate =
                r.words() > 0
                        ? String.format("%,12.0f words/s", r.wordsPerSecond())
                        : String.format("%18s", "");
        return String.format(
                Locale.ROOT,
                "%s  %6.2f s  %s%s",
                rate,
                r.seconds(),
                r.latency() == null
                        ? ""
                        : String.format(
                                "p50 %d ms, p99 %d ms  ",
                                r.latency().percentile(50), r.latency().percentile(99)),
                r.table().equals("-") ? r.note() : r.table() + "; " + r.note());
    }

    /** The results as a Markdown table. */
    static String table(Iterable<BenchResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                "| phase | words/s | time (s) | DynamoDB items written | words/write | peak heap"
                        + " (MiB) | peak RSS (MiB) | produce→visible p50 / p99 (ms) | table | notes"
                        + " |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (BenchResult r : results) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.2f | %s | %s | %d | %d | %s | %s | %s |%n",
                            r.phase(),
                            r.words() > 0
                                    ? String.format(Locale.ROOT, "%,.0f", r.wordsPerSecond())
                                    : "-",
                            r.seconds(),
                            r.items() >= 0 ? String.format(Locale.ROOT, "%,d", r.items()) : "-",
                            r.items() > 0 && r.words() > 0
                                    ? String.format(
                                            Locale.ROOT, "%,.1f", (double) r.words() / r.items())
                                    : "-",
                            r.peakHeapBytes() >> 20,
                            r.peakRssBytes() >> 20,
                            r.latency() == null
                                    ? "-"
                                    : r.latency().percentile(50)
                                            + " / "
                                            + r.latency().percentile(99)
                                            + " (n="
                                            + r.latency().count()
                                            + ")",
                            r.table(),
                            r.note()));
        }
        return sb.toString();
    }

    /**
     * {@code summary: exactly-once <W> words/s, <A>x tutorial, <B>x naive, <C> of count-ceiling,
     * table verified}.
     */
    static String summary(Map<String, BenchResult> results) {
        BenchResult eo = results.get("exactly-once-1s");
        if (eo == null) {
            return "summary: exactly-once not run";
        }
        double w = eo.wordsPerSecond();
        boolean verified =
                results.values().stream()
                        .filter(r -> checked(r.phase()))
                        .allMatch(BenchResult::verified);
        return String.format(
                Locale.ROOT,
                "summary: exactly-once %,.0f words/s, %s tutorial, %s naive, %s of count-ceiling,"
                        + " %s",
                w,
                ratio(w, results.get("tutorial")),
                ratio(w, results.get("naive")),
                results.containsKey("count-ceiling")
                        ? String.format(
                                Locale.ROOT,
                                "%.0f%%",
                                100 * w / results.get("count-ceiling").wordsPerSecond())
                        : "n/a",
                verified ? "table verified" : "table NOT verified");
    }

    private static String ratio(double w, BenchResult other) {
        return other == null
                ? "n/a"
                : String.format(Locale.ROOT, "%.1fx", w / other.wordsPerSecond());
    }
}
