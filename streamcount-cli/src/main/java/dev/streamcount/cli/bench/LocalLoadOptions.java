package dev.streamcount.cli.bench;

import dev.streamcount.cli.LocalFlink;
import dev.streamcount.cli.RecordProducer;
import dev.streamcount.cli.ReferenceWordCount;
import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.DurationConverter;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.local.EmbeddedDynamoDb;
import dev.streamcount.local.EmbeddedKafka;
import dev.streamcount.local.Ports;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.FileUtils;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code bench --local-load FILE}: what a user of {@code local} waits for a bulk load. The same
 * services and job as {@code local} (the store durable on disk, checkpoints every second), one
 * record per line of FILE produced as {@code produce} sends it, and the time from the first record
 * until the table holds exactly the count of FILE (an independent regex count of the same bytes),
 * against the time producing took.
 */
final class LocalLoadOptions {
    @Option(
            names = "--local-load",
            paramLabel = "FILE",
            description =
                    "Instead of the phases: produce FILE (one record per line) into what local"
                            + " runs (store on disk, 1 s checkpoints) and time until the table is"
                            + " exact, against the produce time.")
    Path file;

    @Option(
            names = "--local-load-endpoint",
            paramLabel = "URL",
            description =
                    "With --local-load: write to this DynamoDB endpoint instead of a store on disk"
                            + " started here (to measure another store the same way).")
    java.net.URI endpoint;

    int run(PrintWriter out, int parallelism, long timeoutSeconds) throws Exception {
        ReferenceWordCount reference = new ReferenceWordCount();
        long records = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            for (byte[] line = readLine(in); line != null; line = readLine(in)) {
                reference.add(line);
                records++;
            }
        }
        Map<String, Long> expected = reference.counts();
        out.printf(
                "local-load: %s, %,d bytes, %,d records, %,d words, %,d distinct (regex count)%n",
                file.getFileName(), Files.size(file), records, reference.words(), expected.size());
        out.printf(
                "  into %s%n",
                endpoint == null
                        ? "the store, durable on disk, started here"
                        : endpoint + ", a new table");
        out.flush();
        DynamoDbWriteMeter.enable();
        Path dir = Files.createTempDirectory("streamcount-local-load");
        try (EmbeddedDynamoDb dynamo =
                        endpoint == null
                                ? EmbeddedDynamoDb.start(0, dir.resolve("dynamodb"))
                                : null;
                EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            JobConfig config =
                    JobConfig.defaults()
                            .withParallelism(parallelism)
                            .withCheckpointInterval(
                                    new DurationConverter()
                                            .convert(JobConfig.LOCAL_CHECKPOINT_INTERVAL))
                            .withBootstrapServers(kafka.bootstrapServers())
                            .withDynamoDbEndpoint(endpoint == null ? dynamo.endpoint() : endpoint)
                            // A table of its own on another endpoint: one left from an earlier
                            // run would look exact before anything was counted.
                            .withTable(
                                    endpoint == null
                                            ? JobConfig.DEFAULT_TABLE
                                            : "LocalLoad" + System.currentTimeMillis());
            kafka.createTopic(config.topic(), 2);
            JobClient job =
                    StreamCountJob.start(
                            LocalFlink.environment(
                                    parallelism, Ports.free(), dir.resolve("checkpoints"), null),
                            config);
            try (DynamoDbClient client = DynamoDbClients.sync(AwsSettings.of(config))) {
                long start = System.nanoTime();
                try (RecordProducer producer = new RecordProducer(config);
                        InputStream in = Files.newInputStream(file)) {
                    producer.sendLines(in, new java.util.concurrent.atomic.AtomicLong());
                    producer.flush();
                    if (producer.failed() > 0) {
                        throw new IOException(
                                "producing failed: " + producer.firstError().getMessage());
                    }
                }
                long produced = System.nanoTime();
                long deadline = produced + TimeUnit.SECONDS.toNanos(timeoutSeconds);
                Set<String> missing =
                        new TableWatcher(client, config.table())
                                .awaitCounts(
                                        expected,
                                        deadline,
                                        () -> DynamoDbWriteMeter.items() >= expected.size());
                long exact = DynamoDbWriteMeter.lastWriteNanos();
                double produceSeconds = (produced - start) / 1e9;
                out.printf("  produced in %.2f s (every record acknowledged)%n", produceSeconds);
                if (!missing.isEmpty()) {
                    out.printf(
                            "  NOT exact after %d s: %,d words short of their count%n",
                            timeoutSeconds, missing.size());
                    return 1;
                }
                double exactSeconds = (exact - start) / 1e9;
                out.printf(
                        "  table exact %.2f s after the first record (its last write): %.2fx the"
                                + " produce time; %,d items written for %,d distinct words%n",
                        exactSeconds,
                        exactSeconds / produceSeconds,
                        DynamoDbWriteMeter.items(),
                        expected.size());
                return 0;
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        } finally {
            FileUtils.deleteDirectoryQuietly(dir.toFile());
        }
    }

    /**
     * The next line as {@code produce} sends it ({@code \n} or {@code \r\n}), or null at the end.
     */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        int n = bytes.length;
        return n > 0 && bytes[n - 1] == '\r' ? java.util.Arrays.copyOf(bytes, n - 1) : bytes;
    }
}
