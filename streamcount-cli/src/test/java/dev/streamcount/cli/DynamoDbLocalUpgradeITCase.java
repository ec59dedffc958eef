package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.local.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code local} started on a data dir made by the release that kept its tables in DynamoDB Local
 * (the fixture {@code upgrade/data-dir-dynamodb-local.tar.gz}, see its README): it says so in one
 * line, recounts the topic Kafka kept into the new store, and a later start resumes as usual; the
 * aws-cli commands of local's banner read the recounted table.
 */
class DynamoDbLocalUpgradeITCase {

    private static final Duration READY = Duration.ofSeconds(120);

    @Test
    void aDataDirFromTheDynamoDbLocalReleaseIsRecountedIntoTheStore(@TempDir Path dir)
            throws Exception {
        Path data = unpackFixture(dir);
        Path oldFile = data.resolve("dynamodb").resolve("shared-local-instance.db");
        assertThat(oldFile).as("the fixture holds DynamoDB Local's file").isRegularFile();
        assertThat(data.resolve("savepoints"))
                .as("and the old release's savepoint")
                .isNotEmptyDirectory();
        byte[] oldBytes = Files.readAllBytes(oldFile);
        Map<String, Long> expected = countWords(fixture("input.txt"));
        assertThat(expected.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2_936);

        int kafkaPort = Ports.free();
        int dynamoPort = Ports.free();
        JobConfig c =
                JobConfig.defaults()
                        .withBootstrapServers("127.0.0.1:" + kafkaPort)
                        .withDynamoDbEndpoint(URI.create("http://127.0.0.1:" + dynamoPort));
        try (DynamoDbClient client = DynamoDbClients.sync(AwsSettings.of(c))) {
            try (LocalProcess first =
                    LocalProcess.start(data, kafkaPort, dynamoPort, 0, dir.resolve("first.log"))) {
                String upgrade = first.awaitLine("Upgrade: ", READY);
                assertThat(upgrade)
                        .startsWith("Upgrade: " + oldFile)
                        .contains("recounted from its earliest offset");
                first.awaitLine("Press Ctrl-C to stop.", READY); // the job runs, its table exists
                assertThat(TableMatch.await(client, "WordCounts", expected, READY))
                        .as("the totals, recounted")
                        .isEmpty();
                assertThat(first.log())
                        .contains("Fresh start: counting topic 'input' from its earliest offset");
                stopWithSavepoint(first);
            }
            assertThat(Files.readAllBytes(oldFile))
                    .as("DynamoDB Local's file is left as it was")
                    .isEqualTo(oldBytes);

            try (LocalProcess second =
                    LocalProcess.start(data, kafkaPort, dynamoPort, 0, dir.resolve("second.log"))) {
                second.awaitLine("Resumed from", READY);
                assertThat(second.log()).doesNotContain("Upgrade: ");
                assertThat(TableMatch.await(client, "WordCounts", expected, READY)).isEmpty();

                // The commands local's banner prints, as it prints them, through Debian's aws-cli.
                String item =
                        aws(
                                dir,
                                dynamoPort,
                                "get-item",
                                "--table-name",
                                "WordCounts",
                                "--key",
                                "{\"word\": {\"S\": \"river\"}}");
                assertThat(item)
                        .contains("\"count\": {")
                        .contains("\"N\": \"" + expected.get("river") + "\"");
                String scan = aws(dir, dynamoPort, "scan", "--table-name", "WordCounts");
                assertThat(scan).contains("\"Count\": " + expected.size() + ",");
                stopWithSavepoint(second);
            }
        }
    }

    /**
     * {@code aws dynamodb ARGS --endpoint-url http://localhost:PORT} with the banner's dummy
     * credentials and no profile of the machine's user; returns what it printed.
     */
    private static String aws(Path dir, int port, String... args) throws Exception {
        Path aws = Path.of("/usr/bin/aws");
        assertThat(aws)
                .as("Debian's aws-cli (apt-get install awscli; .ci/run does)")
                .isExecutable();
        List<String> cmd = new ArrayList<>(List.of(aws.toString(), "dynamodb"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--endpoint-url", "http://localhost:" + port, "--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_DEFAULT_REGION", "region");
        env.put("AWS_ACCESS_KEY_ID", "id");
        env.put("AWS_SECRET_ACCESS_KEY", "key");
        env.put("AWS_PAGER", "");
        env.put("HOME", dir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("aws %s ended", List.of(args)).isTrue();
        assertThat(p.exitValue()).as("aws %s: %s", List.of(args), out).isZero();
        return out;
    }

    private static void stopWithSavepoint(LocalProcess p) throws Exception {
        p.process().destroy();
        assertThat(p.process().waitFor(120, TimeUnit.SECONDS)).as(p.log()).isTrue();
        assertThat(p.log()).contains("streamcount: savepoint ");
    }

    /** The fixture's data dir, unpacked into {@code dir} with tar as it was packed. */
    private static Path unpackFixture(Path dir) throws Exception {
        Path archive = dir.resolve("data-dir.tar.gz");
        try (InputStream in = fixture("data-dir-dynamodb-local.tar.gz")) {
            Files.copy(in, archive);
        }
        Process tar =
                new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", dir.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(output).isZero();
        return dir.resolve("data");
    }

    private static InputStream fixture(String name) throws IOException {
        InputStream in = DynamoDbLocalUpgradeITCase.class.getResourceAsStream("/upgrade/" + name);
        if (in == null) {
            throw new IOException("test resource upgrade/" + name + " is missing");
        }
        return in;
    }

    /** The expected totals, by a plain split of the fixture's input (its words are a-z only). */
    private static Map<String, Long> countWords(InputStream in) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        try (in) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                for (String word : line.split(" ")) {
                    if (!word.isEmpty()) counts.merge(word, 1L, Long::sum);
                }
            }
        }
        return counts;
    }
}
