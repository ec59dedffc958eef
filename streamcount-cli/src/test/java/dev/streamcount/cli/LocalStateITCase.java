package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.local.Ports;
import dev.streamcount.local.TextGenerator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.util.FileUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code local} over weeks, as separate processes on one data dir: its saved state is resumed only
 * with the flags it was saved with, {@code --fresh} recounts, and the newest state is chosen by
 * checkpoint id whatever the file times say. Before these fixes each scenario went wrong: another
 * table or topic was resumed into silently, another delivery failed every start, and a copied data
 * dir resumed from its older savepoint.
 */
class LocalStateITCase {

    private final List<LocalProcess> started = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws Exception {
        for (LocalProcess p : started) p.close();
    }

    private LocalProcess local(Path dir, JobConfig c, String name, String... flags)
            throws Exception {
        URI dynamo = c.dynamoDbEndpoint();
        LocalProcess p =
                LocalProcess.start(
                        dir.resolve("data"),
                        Integer.parseInt(c.bootstrapServers().split(":")[1]),
                        dynamo.getPort(),
                        0,
                        dir.resolve(name + ".log"),
                        flags);
        started.add(p);
        return p;
    }

    /** Runs until ready, then stops with SIGTERM (the final savepoint). */
    private static void stopWithSavepoint(LocalProcess p) throws Exception {
        p.process().destroy();
        assertThat(p.process().waitFor(120, TimeUnit.SECONDS)).as(p.log()).isTrue();
        assertThat(p.log()).contains("streamcount: savepoint ");
    }

    /** A start that must be refused in one line; returns that line. */
    private static String refused(LocalProcess p) throws Exception {
        assertThat(p.process().waitFor(90, TimeUnit.SECONDS)).as("ended").isTrue();
        assertThat(p.process().exitValue()).as(p.log()).isEqualTo(1);
        List<String> lines = p.log().lines().filter(l -> l.startsWith("streamcount:")).toList();
        assertThat(lines).as(p.log()).hasSize(1);
        return lines.get(0);
    }

    private static JobConfig config() {
        return JobConfig.defaults()
                .withBootstrapServers("127.0.0.1:" + Ports.free())
                .withDynamoDbEndpoint(URI.create("http://127.0.0.1:" + Ports.free()));
    }

    /**
     * Produces and waits until the table has counted it: the job runs then, so a SIGTERM takes its
     * savepoint (one sent before its tasks run takes none).
     */
    private static void produceAndAwaitCounted(
            DynamoDbClient client, JobConfig c, TextGenerator text, int lines)
            throws InterruptedException {
        produce(c, text, lines);
        assertThat(
                        TableMatch.await(
                                client, c.table(), text.expectedCounts(), Duration.ofSeconds(90)))
                .isEmpty();
    }

    private static void produce(JobConfig c, TextGenerator text, int lines) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            records.add(text.nextLine().getBytes(StandardCharsets.UTF_8));
        }
        LocalServices.produce(c, records);
    }

    @Test
    void theStateIsResumedOnlyWithTheFlagsItWasSavedWith(@TempDir Path dir) throws Exception {
        JobConfig c = config();
        TextGenerator text = new TextGenerator(7, 1_000, 1.1);
        try (DynamoDbClient client = DynamoDbClients.sync(AwsSettings.of(c))) {
            LocalProcess first = local(dir, c, "first");
            first.awaitLine("Fresh start", Duration.ofSeconds(90));
            produce(c, text, 1_000);
            Map<String, Long> expected = text.expectedCounts();
            assertThat(TableMatch.await(client, c.table(), expected, Duration.ofSeconds(90)))
                    .isEmpty();
            stopWithSavepoint(first);

            String saved = dir.resolve("data").toAbsolutePath().toString();
            assertThat(refused(local(dir, c, "table", "--table", "Other")))
                    .startsWith("streamcount: The state in " + saved)
                    .contains("was saved with --table WordCounts (now Other)")
                    .contains("start with the saved flags to resume it, or add --fresh");
            assertThat(refused(local(dir, c, "topic", "--topic", "other")))
                    .contains("was saved with --topic input (now other)");
            assertThat(refused(local(dir, c, "delivery", "--delivery", "at-least-once")))
                    .contains("was saved with --delivery exactly-once (now at-least-once)");

            // What may change, changes: another parallelism resumes.
            LocalProcess rescaled = local(dir, c, "rescaled", "--parallelism", "1");
            rescaled.awaitLine("Resumed from", Duration.ofSeconds(90));
            produceAndAwaitCounted(client, c, text, 200);
            expected = text.expectedCounts();
            stopWithSavepoint(rescaled);

            // --fresh: the state goes, the topic is counted again from its beginning into Other.
            LocalProcess fresh = local(dir, c, "fresh", "--table", "Other", "--fresh");
            fresh.awaitLine("Fresh start", Duration.ofSeconds(90));
            assertThat(TableMatch.await(client, "Other", expected, Duration.ofSeconds(90)))
                    .isEmpty();
            stopWithSavepoint(fresh);
            LocalProcess again = local(dir, c, "again", "--table", "Other");
            again.awaitLine("Resumed from", Duration.ofSeconds(90));
        }
    }

    @Test
    void theNewestStateIsChosenByCheckpointIdNotByFileTime(@TempDir Path dir) throws Exception {
        JobConfig c = config();
        TextGenerator text = new TextGenerator(8, 1_000, 1.1);
        Path savepoints = dir.resolve("data").resolve("savepoints");
        try (DynamoDbClient client = DynamoDbClients.sync(AwsSettings.of(c))) {
            LocalProcess first = local(dir, c, "first");
            first.awaitLine("Fresh start", Duration.ofSeconds(90));
            produceAndAwaitCounted(client, c, text, 500);
            stopWithSavepoint(first);
            Path older = only(savepoints);
            Path copy = dir.resolve("older-copy");
            FileUtils.copy(
                    new org.apache.flink.core.fs.Path(older.toUri()),
                    new org.apache.flink.core.fs.Path(copy.toUri()),
                    false);

            LocalProcess second = local(dir, c, "second");
            second.awaitLine("Resumed from " + older, Duration.ofSeconds(90));
            produceAndAwaitCounted(client, c, text, 500);
            stopWithSavepoint(second);
            Path newer = only(savepoints);
            assertThat(newer).as("the older one was pruned").isNotEqualTo(older);

            // As a restored backup or a clock step would leave it: the older state newest on disk.
            FileUtils.copy(
                    new org.apache.flink.core.fs.Path(copy.toUri()),
                    new org.apache.flink.core.fs.Path(older.toUri()),
                    false);
            Files.setLastModifiedTime(
                    older.resolve("_metadata"), FileTime.from(Instant.now().plusSeconds(3600)));

            LocalProcess third = local(dir, c, "third");
            String line = third.awaitLine("Resumed from", Duration.ofSeconds(90));
            assertThat(line).startsWith("Resumed from " + newer);
            produceAndAwaitCounted(client, c, text, 200);
        }
    }

    private static Path only(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.toList();
            assertThat(all).as("in %s", dir).hasSize(1);
            return all.get(0);
        }
    }
}
