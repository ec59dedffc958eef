package dev.streamcount.cli;

import dev.streamcount.job.JobConfig;
import dev.streamcount.job.PipelineOptions;
import dev.streamcount.job.StreamCountJob;
import dev.streamcount.local.EmbeddedDynamoDb;
import dev.streamcount.local.EmbeddedKafka;
import dev.streamcount.local.Ports;
import dev.streamcount.local.TextGenerator;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start Kafka, DynamoDB Local and Flink in this JVM, count a sample text, and check"
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
            converter = dev.streamcount.job.DurationConverter.class,
            description = "Give up if the counts do not match by then (default: 120s).",
            defaultValue = "120s")
    Duration timeout;

    @Option(
            names = "--kafka-port",
            description = "Kafka port (default: any free port).",
            defaultValue = "0")
    int kafkaPort;

    @Option(
            names = "--dynamodb-port",
            description = "DynamoDB Local port (default: any free port).",
            defaultValue = "0")
    int dynamoPort;

    @Option(
            names = "--web-port",
            description = "Flink web UI port (default: any free port).",
            defaultValue = "0")
    int webPort;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        JobConfig base =
                pipeline.applyTo(
                        JobConfig.defaults()
                                .withCheckpointInterval(JobConfig.LOCAL_CHECKPOINT_INTERVAL));
        Path dir = Files.createTempDirectory("streamcount-demo");
        try (EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.start(dynamoPort, null);
                EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort)) {
            kafka.createTopic(base.topic(), 2);
            JobConfig config =
                    base.withBootstrapServers(kafka.bootstrapServers())
                            .withDynamoDbEndpoint(dynamo.endpoint());
            int web = Ports.claim("Flink web UI", webPort);
            out.println("streamcount demo");
            out.printf(
                    "  Kafka           %s (in this JVM, topic %s, 2 partitions)%n",
                    kafka.bootstrapServers(), config.topic());
            out.printf(
                    "  DynamoDB Local  %s (in this JVM, in memory, table %s)%n",
                    dynamo.endpoint(), config.table());
            out.printf(
                    "  Flink           MiniCluster, parallelism %d, checkpoints every %s, web UI"
                            + " http://127.0.0.1:%d%n",
                    config.parallelism(), config.checkpointInterval().toMillis() + "ms", web);
            out.flush();

            ReferenceWordCount reference = new ReferenceWordCount();
            long records = produce(config, reference);
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
            try (DynamoDbClient client = Dynamo.client(config)) {
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
                out.println();
                out.println("top 10 in " + config.table() + ":");
                TopCommand.print(out, CountTable.scanAll(client, config.table()), 10);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            out.println();
            out.printf(
                    "verified: %d words, %d distinct words, all counts match%n",
                    reference.words(), reference.counts().size());
            return 0;
        } finally {
            FileUtils.deleteDirectoryQuietly(dir.toFile());
        }
    }

    /**
     * Sends the bundled sample, then generated text, recording every record in the reference count.
     */
    private long produce(JobConfig config, ReferenceWordCount reference) throws Exception {
        List<byte[]> lines = new ArrayList<>();
        try (InputStream in = DemoCommand.class.getResourceAsStream("/sample.txt")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .forEach(l -> lines.add(l.getBytes(StandardCharsets.UTF_8)));
        }
        TextGenerator generator = new TextGenerator(seed, vocabulary, 1.1);
        while (generator.wordsGenerated() < words) {
            lines.add(generator.nextLine().getBytes(StandardCharsets.UTF_8));
        }
        RecordProducer producer = new RecordProducer(config.bootstrapServers(), config.topic());
        try (producer) {
            for (byte[] line : lines) {
                reference.add(line);
                producer.send(line);
            }
        }
        if (producer.failed() > 0) {
            throw new IllegalStateException(
                    "Producing the demo input failed", producer.firstError());
        }
        return producer.acked();
    }
}
