package dev.streamcount.cli;

import dev.streamcount.job.JobConfig;
import dev.streamcount.job.KafkaRecord;
import dev.streamcount.job.KafkaSources;
import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.StreamCountTopology;
import dev.streamcount.job.Tokenizer;
import dev.streamcount.job.WordCountTable;
import dev.streamcount.job.aws.AwsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The benchmark's phases. Each reads the same preloaded topic (or a prefix of it) and, if it
 * writes, writes to its own table; each measures from its first record read to its end.
 */
final class Bench {

    /** What the phases share: the services, the preloaded input and the settings. */
    record Setup(
            JobConfig base,
            BenchInput input,
            int naiveWords,
            int markers,
            Duration markerSpacing,
            int ceilingItems,
            int ceilingInFlight,
            Duration timeout) {}

    private final Setup setup;
    private final DynamoDbClient client;

    /** Latency markers earlier phases added to the topic: later phases count them too. */
    private final Map<String, Long> markersInTopic = new HashMap<>();

    private int markerRounds;

    Bench(Setup setup, DynamoDbClient client) {
        this.setup = setup;
        this.client = client;
    }

    // ---------------------------------------------------------------- kafka-ceiling

    /** A plain consumer reading the whole topic, doing nothing with the records. */
    BenchResult kafkaCeiling() {
        long records = 0;
        long bytes = 0;
        long started;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("bench-kafka-ceiling")) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            started = System.nanoTime();
            while (!reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    records++;
                    bytes += r.value() == null ? 0 : r.value().length;
                }
            }
        }
        double s = seconds(started);
        check(
                records == setup.input().records(),
                "kafka-ceiling read " + records + " records, expected " + setup.input().records());
        return new BenchResult(
                "kafka-ceiling",
                setup.input().words(),
                s,
                -1,
                0,
                0,
                null,
                "-",
                String.format("%,.0f records/s, %.1f MB/s", records / s, bytes / s / 1e6));
    }

    // ---------------------------------------------------------------- count-ceiling

    /**
     * streamcount's topology as the streamcount phases run it (same checkpoints and flush
     * interval), with the DynamoDB sink replaced by one that only notes the totals: from the first
     * record until every word's total is complete. The most the counting part can do on this
     * machine.
     */
    BenchResult countCeiling() throws Exception {
        // It is the first Flink phase: the first run compiles the hot path (JIT) and loads Flink's
        // classes; only the second, warm, run is reported, as the phases after it run warm too.
        countCeilingRun("bench-count-ceiling-warmup");
        double s = countCeilingRun("bench-count-ceiling");
        return new BenchResult(
                "count-ceiling",
                setup.input().words(),
                s,
                -1,
                0,
                0,
                null,
                "-",
                "topology, 1 s checkpoints, 100 ms flush, into a sink that only sums the totals;"
                        + " after a warm-up run");
    }

    private double countCeilingRun(String group) throws Exception {
        // A 100 ms flush, so the moment the last word is counted shows within 0.1 s, not 1 s.
        JobConfig config =
                setup.base()
                        .withGroupId(group)
                        .withCheckpointInterval(Duration.ofSeconds(1))
                        .withFlushInterval(Duration.ofMillis(100));
        StreamExecutionEnvironment env =
                LocalFlink.environment(config.parallelism(), 0, null, null);
        StreamCountTopology.configure(env, config);
        StreamCountTopology.build(
                env,
                KafkaSources.source(config),
                config.flushInterval(),
                totals -> totals.sinkTo(new TotalsProbeSink()).name("totals-probe"),
                StreamCountTopology.DeadLetterSink.discard());
        awaitNoRunningTasks();
        TotalsProbeSink.reset();
        long target = setup.input().words() + markersInTopic.size();
        try (FirstRecordClock clock = FirstRecordClock.start()) {
            JobClient job = env.executeAsync(group);
            try {
                long deadline = System.nanoTime() + setup.timeout().toNanos();
                while (TotalsProbeSink.sum() < target) {
                    check(
                            System.nanoTime() < deadline,
                            "count-ceiling: totals sum to "
                                    + TotalsProbeSink.sum()
                                    + ", expected "
                                    + target);
                    Thread.sleep(1);
                }
                double s = (System.nanoTime() - clock.firstRecordNanos()) / 1e9;
                check(
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

    // ---------------------------------------------------------------- tutorial

    /**
     * The tutorial's pipeline, bounded: time to drain the topic and write every window's counts.
     */
    BenchResult tutorial() throws Exception {
        String table = "bench_tutorial";
        WordCountTable.ensure(client, table);
        JobConfig config = setup.base().withGroupId("bench-tutorial");
        StreamExecutionEnvironment env =
                LocalFlink.environment(config.parallelism(), 0, null, null);
        env.setParallelism(config.parallelism());
        TutorialPipeline.build(env, boundedSource(config), table, dynamoDbProperties(config));
        long itemsBefore = DynamoDbWriteMeter.items();
        long t0 = System.nanoTime();
        double s = runBounded(env, "bench tutorial");
        long items = DynamoDbWriteMeter.items() - itemsBefore;
        String rate = writeRate(items, t0, System.nanoTime());
        Map<String, Long> held = CountTable.scanAll(client, table);
        long right =
                setup.input().expected().entrySet().stream()
                        .filter(e -> e.getValue().equals(held.get(e.getKey())))
                        .count();
        client.deleteTable(b -> b.tableName(table));
        return new BenchResult(
                "tutorial",
                setup.input().words(),
                s,
                items,
                0,
                0,
                null,
                String.format(
                        "wrong by design: %d of %d words right",
                        right, setup.input().expected().size()),
                "5 s event-time windows, official sink, batch 20; " + rate);
    }

    // ---------------------------------------------------------------- naive

    /**
     * What people hand-write: a consumer that sends {@code UpdateItem ADD count :n} for every word
     * of every record, one request at a time, on a prefix of the input.
     */
    BenchResult naive() throws Exception {
        String table = "bench_naive";
        WordCountTable.ensure(client, table);
        ReferenceWordCount reference = new ReferenceWordCount();
        long itemsBefore = DynamoDbWriteMeter.items();
        long started;
        long words = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("bench-naive")) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            started = System.nanoTime();
            Map<String, long[]> perRecord = new HashMap<>();
            Tokenizer.Listener listener =
                    new Tokenizer.Listener() {
                        @Override
                        public void word(String word) {
                            perRecord.computeIfAbsent(word, w -> new long[1])[0]++;
                        }

                        @Override
                        public void oversizeWord(int utf8Bytes, String word) {}
                    };
            while (words < setup.naiveWords()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (words >= setup.naiveWords()) {
                        break;
                    }
                    reference.add(r.value());
                    Tokenizer.tokenize(r.value(), listener);
                    for (Map.Entry<String, long[]> e : perRecord.entrySet()) {
                        client.updateItem(
                                b ->
                                        b.tableName(table)
                                                .key(
                                                        Map.of(
                                                                WordCountTable.KEY,
                                                                AttributeValue.fromS(e.getKey())))
                                                .updateExpression("ADD #c :n")
                                                .expressionAttributeNames(
                                                        Map.of("#c", WordCountTable.COUNT))
                                                .expressionAttributeValues(
                                                        Map.of(
                                                                ":n",
                                                                AttributeValue.fromN(
                                                                        Long.toString(
                                                                                e.getValue()[
                                                                                        0])))));
                        words += e.getValue()[0];
                    }
                    perRecord.clear();
                }
            }
        }
        double s = seconds(started);
        long items = DynamoDbWriteMeter.items() - itemsBefore;
        String rate = writeRate(items, started, System.nanoTime());
        List<String> diffs =
                TableMatch.differences(reference.counts(), CountTable.scanAll(client, table));
        client.deleteTable(b -> b.tableName(table));
        return new BenchResult(
                "naive",
                words,
                s,
                items,
                0,
                0,
                null,
                diffs.isEmpty() ? BenchResult.VERIFIED : TableMatch.summary(diffs),
                String.format(
                        "first %,d words only; UpdateItem ADD per word, 1 in flight; %s",
                        words, rate));
    }

    // ---------------------------------------------------------------- streamcount

    /**
     * streamcount as a user runs it, unbounded: from start until the table equals the expected
     * counts; then marker records for produce → visible latency.
     */
    BenchResult streamcount(String phase, JobConfig.Delivery delivery, Duration checkpointInterval)
            throws Exception {
        String table = "bench_" + phase.replace('-', '_');
        JobConfig config =
                setup.base()
                        .withGroupId("bench-" + phase)
                        .withTable(table)
                        .withDelivery(delivery)
                        .withCheckpointInterval(checkpointInterval)
                        .withDeadLetterTopic("bench-" + phase + "-dlq");
        StreamExecutionEnvironment env =
                LocalFlink.environment(config.parallelism(), 0, null, null);
        awaitNoRunningTasks();
        long itemsBefore = DynamoDbWriteMeter.items();
        FirstRecordClock clock = FirstRecordClock.start();
        JobClient job = StreamCountJob.start(env, config);
        try {
            long deadline = System.nanoTime() + setup.timeout().toNanos();
            Map<String, Long> expected = new HashMap<>(setup.input().expected());
            expected.putAll(markersInTopic);
            awaitCounter(
                    "wordsCounted", setup.input().words() + markersInTopic.size(), deadline, phase);
            Set<String> missing = new TableWatcher(client, table).awaitCounts(expected, deadline);
            long done = System.nanoTime();
            long items = DynamoDbWriteMeter.items() - itemsBefore;
            check(
                    missing.isEmpty(),
                    phase
                            + ": "
                            + missing.size()
                            + " words never reached their count in "
                            + setup.timeout().toSeconds()
                            + "s");
            double s = (done - clock.firstRecordNanos()) / 1e9;

            LatencyProbe.Result latency;
            String markerPrefix = "m" + (char) ('a' + markerRounds++) + "x";
            try (RecordProducer producer =
                    new RecordProducer(config.bootstrapServers(), config.topic())) {
                latency =
                        LatencyProbe.measure(
                                producer,
                                client,
                                table,
                                markerPrefix,
                                setup.markers(),
                                setup.markerSpacing(),
                                checkpointInterval.plus(setup.timeout()));
            }
            // Everything, markers included, exactly once: nothing more, nothing less, no other
            // words.
            for (int i = 0; i < setup.markers(); i++) {
                markersInTopic.put(LatencyProbe.marker(markerPrefix, i), 1L);
            }
            expected.putAll(markersInTopic);
            List<String> diffs =
                    TableMatch.differences(expected, CountTable.scanAll(client, table));
            return new BenchResult(
                    phase,
                    setup.input().words(),
                    s,
                    items,
                    0,
                    0,
                    latency,
                    diffs.isEmpty() ? BenchResult.VERIFIED : TableMatch.summary(diffs),
                    String.format(
                            "%s checkpoints, %s flush; %s",
                            format(checkpointInterval),
                            format(config.flushInterval()),
                            writeRate(items, clock.firstRecordNanos(), done)));
        } finally {
            clock.close();
            job.cancel().get(60, TimeUnit.SECONDS);
            client.deleteTable(b -> b.tableName(table));
        }
    }

    // ---------------------------------------------------------------- dynamodb-ceiling

    /** Raw BatchWriteItem of 25 new items per request, several requests in flight: items/s. */
    BenchResult dynamodbCeiling() throws Exception {
        String table = "bench_dynamodb_ceiling";
        WordCountTable.ensure(client, table);
        int n = setup.ceilingItems();
        List<List<WriteRequest>> batches = new ArrayList<>();
        for (int i = 0; i < n; i += 25) {
            List<WriteRequest> batch = new ArrayList<>(25);
            for (int j = i; j < Math.min(n, i + 25); j++) {
                batch.add(
                        WriteRequest.builder()
                                .putRequest(
                                        PutRequest.builder()
                                                .item(
                                                        Map.of(
                                                                WordCountTable.KEY,
                                                                        AttributeValue.fromS(
                                                                                "ceiling" + j),
                                                                WordCountTable.COUNT,
                                                                        AttributeValue.fromN(
                                                                                Long.toString(j))))
                                                .build())
                                .build());
            }
            batches.add(batch);
        }
        long itemsBefore = DynamoDbWriteMeter.items();
        ExecutorService pool = Executors.newFixedThreadPool(setup.ceilingInFlight());
        long started = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<WriteRequest> batch : batches) {
                futures.add(pool.submit(() -> writeAll(table, batch)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double s = seconds(started);
        long items = DynamoDbWriteMeter.items() - itemsBefore;
        int stored = CountTable.scanAll(client, table).size();
        client.deleteTable(b -> b.tableName(table));
        check(
                stored == n,
                "dynamodb-ceiling: the table holds " + stored + " items, " + n + " were written");
        return new BenchResult(
                "dynamodb-ceiling",
                0,
                s,
                items,
                0,
                0,
                null,
                "-",
                String.format(
                        "%d requests in flight; %s",
                        setup.ceilingInFlight(), writeRate(items, started, System.nanoTime())));
    }

    private Void writeAll(String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> request = Map.of(table, batch);
        while (!request.isEmpty()) {
            Map<String, List<WriteRequest>> current = request;
            BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(current));
            request = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
        }
        return null;
    }

    // ---------------------------------------------------------------- helpers

    /** DynamoDB items/s over the time items were being written (100 ms steps). */
    static String writeRate(long items, long fromNanos, long toNanos) {
        double writing = DynamoDbWriteMeter.writingSeconds(fromNanos, toNanos);
        return writing == 0
                ? "no writes"
                : String.format("%,.0f items/s while writing (%.1f s)", items / writing, writing);
    }

    private Source<KafkaRecord, ?, ?> boundedSource(JobConfig config) {
        return KafkaSources.builder(config).setBounded(OffsetsInitializer.latest()).build();
    }

    /** Runs a bounded job to its end; seconds from its first record read to its end. */
    private double runBounded(StreamExecutionEnvironment env, String name) throws Exception {
        awaitNoRunningTasks();
        try (FirstRecordClock clock = FirstRecordClock.start()) {
            JobClient job = env.executeAsync(name);
            job.getJobExecutionResult().get(setup.timeout().toSeconds(), TimeUnit.SECONDS);
            long end = System.nanoTime();
            return (end - clock.firstRecordNanos()) / 1e9;
        }
    }

    private static Properties dynamoDbProperties(JobConfig config) {
        return AwsSettings.resolve(config.dynamoDbEndpoint(), config.region())
                .connectorProperties();
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, setup.base().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) {
        return consumer.partitionsFor(setup.base().topic()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Waits until the previous job's tasks have unregistered their metrics, so sums start at 0. */
    private static void awaitNoRunningTasks() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (StatusMetrics.sum("recordsIn") != 0) {
            check(System.nanoTime() < deadline, "the previous phase's job did not stop within 60s");
            Thread.sleep(20);
        }
    }

    private static void awaitCounter(String counter, long target, long deadline, String phase)
            throws InterruptedException {
        while (StatusMetrics.sum(counter) < target) {
            check(
                    System.nanoTime() < deadline,
                    phase
                            + ": "
                            + counter
                            + " is "
                            + StatusMetrics.sum(counter)
                            + ", expected "
                            + target
                            + " by the deadline");
            Thread.sleep(5);
        }
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Notes when the first record of a job is read, by watching the {@code recordsIn} metric. */
    static final class FirstRecordClock implements AutoCloseable {
        private final Thread thread;
        private volatile long first;

        private FirstRecordClock() {
            thread = new Thread(this::run, "bench-first-record");
            thread.setDaemon(true);
        }

        static FirstRecordClock start() {
            FirstRecordClock c = new FirstRecordClock();
            c.thread.start();
            return c;
        }

        private void run() {
            while (StatusMetrics.sum("recordsIn") == 0) {
                try {
                    Thread.sleep(
                            1); // metric poll interval: the start is known to within about 1 ms
                } catch (InterruptedException e) {
                    return;
                }
            }
            first = System.nanoTime();
        }

        long firstRecordNanos() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            check(first != 0, "no record was read within 60s");
            return first;
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }
}
