package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.config.JobConfig;
import dev.streamcount.local.Ports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every command of the CLI, run in-process with captured output against the embedded services. */
class CliITCase {

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    /** Output of one CLI run; printed if an assertion on it fails. */
    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().collect(Collectors.toList());
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String endpoint(JobConfig c) {
        return c.dynamoDbEndpoint().toString();
    }

    @Test
    void tableCreateThenDescribe() {
        JobConfig c = SERVICES.newConfig();
        Run created =
                run("table", "create", "--table", c.table(), "--dynamodb-endpoint", endpoint(c));
        assertThat(created.exit()).as(created.toString()).isZero();
        assertThat(created.out()).isEqualTo("created table " + c.table() + " (key word: S)\n");

        Run again =
                run("table", "create", "--table", c.table(), "--dynamodb-endpoint", endpoint(c));
        assertThat(again.out())
                .as(again.toString())
                .startsWith("table already exists: " + c.table());

        Run described =
                run("table", "describe", "--table", c.table(), "--dynamodb-endpoint", endpoint(c));
        assertThat(described.exit()).as(described.toString()).isZero();
        assertThat(described.out())
                .contains("status:  ACTIVE", "key:     word (HASH)", "billing: PAY_PER_REQUEST");
    }

    @Test
    void produceSendsOneRecordPerLineAndWaitsForAcks(@TempDir Path dir) throws Exception {
        JobConfig c = SERVICES.newConfig();
        Path file = dir.resolve("lines.txt");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 999; i++) {
            text.append("line ").append(i).append(i % 2 == 0 ? "\n" : "\r\n");
        }
        text.append("last line without newline");
        Files.writeString(file, text, StandardCharsets.UTF_8);

        Run r =
                run(
                        "produce",
                        "--bootstrap-servers",
                        c.bootstrapServers(),
                        "--topic",
                        c.topic(),
                        file.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).startsWith("produced 1,000 records");
        assertThat(endOffsetSum(c)).as("records in the topic").isEqualTo(1000);
    }

    @Test
    void getAndTopReadTheTable() {
        JobConfig c = SERVICES.newConfig();
        assertThat(
                        run(
                                        "table",
                                        "create",
                                        "--table",
                                        c.table(),
                                        "--dynamodb-endpoint",
                                        endpoint(c))
                                .exit())
                .isZero();
        try (DynamoDbClient client = SERVICES.dynamoClient(c)) {
            Map<String, Long> items = Map.of("hello", 5L, "world", 3L, "straße", 9L, "zebra", 3L);
            items.forEach(
                    (w, n) ->
                            client.putItem(
                                    b ->
                                            b.tableName(c.table())
                                                    .item(
                                                            Map.of(
                                                                    "word",
                                                                    AttributeValue.fromS(w),
                                                                    "count",
                                                                    AttributeValue.fromN(
                                                                            n.toString())))));
        }
        Run get =
                run(
                        "get",
                        "Hello",
                        "never",
                        "--table",
                        c.table(),
                        "--dynamodb-endpoint",
                        endpoint(c));
        assertThat(get.exit()).as(get.toString()).isZero();
        assertThat(get.out()).isEqualTo("hello\t5\nnever\t0\n");

        Run top = run("top", "-n", "3", "--table", c.table(), "--dynamodb-endpoint", endpoint(c));
        assertThat(top.exit()).as(top.toString()).isZero();
        assertThat(top.out().lines().toList())
                .containsExactly(
                        "rank  word           count",
                        "   1  straße             9",
                        "   2  hello              5",
                        "   3  world              3");
    }

    @Test
    void jobGivesUpOnAnUnreachableKafkaWithOneLine() {
        int closedPort = Ports.free();
        JobConfig c = SERVICES.newConfig();
        Run r =
                run(
                        "job",
                        "--bootstrap-servers",
                        "127.0.0.1:" + closedPort,
                        "--kafka-timeout",
                        "2s",
                        "--dynamodb-endpoint",
                        endpoint(c));
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errLines())
                .as(r.toString())
                .containsExactly(
                        "streamcount: Kafka unreachable at 127.0.0.1:"
                                + closedPort
                                + ": no broker answered within 2s (change it with"
                                + " --kafka-timeout)");
    }

    @Test
    void jobNamesAnUnreachableDynamoDb() {
        int closedPort = Ports.free();
        JobConfig c = SERVICES.newConfig();
        Run r =
                run(
                        "job",
                        "--bootstrap-servers",
                        c.bootstrapServers(),
                        "--topic",
                        c.topic(),
                        "--dynamodb-endpoint",
                        "http://127.0.0.1:" + closedPort);
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        assertThat(r.err())
                .startsWith("streamcount: DynamoDB unreachable at http://127.0.0.1:" + closedPort);
    }

    @Test
    void jobRefusesATableWithTheWrongKey() {
        JobConfig c = SERVICES.newConfig();
        try (DynamoDbClient client = SERVICES.dynamoClient(c)) {
            client.createTable(
                    b ->
                            b.tableName(c.table())
                                    .billingMode("PAY_PER_REQUEST")
                                    .attributeDefinitions(
                                            a -> a.attributeName("w").attributeType("S"))
                                    .keySchema(k -> k.attributeName("w").keyType("HASH")));
        }
        Run r =
                run(
                        "job",
                        "--bootstrap-servers",
                        c.bootstrapServers(),
                        "--topic",
                        c.topic(),
                        "--table",
                        c.table(),
                        "--dynamodb-endpoint",
                        endpoint(c));
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errLines())
                .as(r.toString())
                .containsExactly(
                        "streamcount: Table "
                                + c.table()
                                + " has key schema [w (HASH, S)], expected [word (HASH, S)]:"
                                + " use another --table or delete this one");
    }

    @Test
    void jobNamesAMissingTopic() {
        JobConfig c = SERVICES.newConfig();
        Run r =
                run(
                        "job",
                        "--bootstrap-servers",
                        c.bootstrapServers(),
                        "--topic",
                        "no-such-topic",
                        "--dynamodb-endpoint",
                        endpoint(c));
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errLines())
                .as(r.toString())
                .containsExactly(
                        "streamcount: Kafka topic 'no-such-topic' does not exist at "
                                + c.bootstrapServers());
    }

    @Test
    void versionNamesTheFlinkTheBuildChose() {
        Run v = run("--version");
        assertThat(v.out().strip())
                .as(v.toString())
                .isEqualTo("streamcount 0.1.0 on Flink " + System.getProperty("flink.version"));
    }

    @Test
    void helpNamesEachCommandAsItIsTypedAndShowsTheDefaults() {
        Run job = run("job", "--help");
        assertThat(job.exit()).as(job.toString()).isZero();
        // Help text wraps at 80 columns: compare with the line breaks folded.
        assertThat(job.out().replaceAll("\\s+", " "))
                .as(job.toString())
                .startsWith("Usage: streamcount job ")
                .contains("(default: localhost:19092)", "(default: 5s)", "(default: exactly-once)");

        Run local = run("local", "--help");
        assertThat(local.out().replaceAll("\\s+", " "))
                .as(local.toString())
                .contains(
                        "(default: 1s)", "(default: 19092)", "(default: 8000)", "(default: 8081)");

        Run produce = run("produce", "--help");
        assertThat(produce.out()).as(produce.toString()).doesNotContain("--dead-letter-topic");
    }

    @Test
    void badFlagPrintsUsageAndExits2() {
        Run r = run("top", "--no-such-flag");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err())
                .contains("Unknown option: '--no-such-flag'")
                .contains("Usage: streamcount top");

        Run badDuration = run("job", "--checkpoint-interval", "soon");
        assertThat(badDuration.exit()).as(badDuration.toString()).isEqualTo(2);
        assertThat(badDuration.err()).contains("'soon' is not a duration");

        Run badDelivery = run("job", "--delivery", "maybe");
        assertThat(badDelivery.exit()).as(badDelivery.toString()).isEqualTo(2);
        assertThat(badDelivery.err()).contains("'maybe' is not one of exactly-once, at-least-once");
    }

    @Test
    void localNamesTheFlagThatMovesATakenPort(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Run r =
                    run(
                            "local",
                            "--data-dir",
                            dir.toString(),
                            "--dynamodb-port",
                            Integer.toString(taken.getLocalPort()),
                            "--kafka-port",
                            "0",
                            "--web-port",
                            "0");
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.errLines())
                    .as(r.toString())
                    .containsExactly(
                            "streamcount: DynamoDB store cannot listen on 127.0.0.1:"
                                    + taken.getLocalPort()
                                    + ": the port is in use (change it with --dynamodb-port)");
        }
    }

    @Test
    void localRefusesADataDirItCannotWrite(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Run r = run("local", "--data-dir", file.resolve("data").toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        assertThat(r.err())
                .contains("Data dir " + file.resolve("data").toAbsolutePath() + " is not writable")
                .contains("--data-dir");
    }

    @Test
    void demoVerifiesEveryCountAndEndsWithTheVerifiedLine() {
        Run r = run("demo", "--words", "30000", "--vocabulary", "500");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(lines.size() - 1))
                .as(r.toString())
                .matches("verified: \\d+ words, \\d+ distinct words, all counts match");
        assertThat(r.out()).contains("top 10 in WordCounts:");
    }

    private static long endOffsetSum(JobConfig c) throws Exception {
        try (Admin admin = SERVICES.kafka().admin()) {
            Map<TopicPartition, OffsetSpec> request =
                    Map.of(
                            new TopicPartition(c.topic(), 0), OffsetSpec.latest(),
                            new TopicPartition(c.topic(), 1), OffsetSpec.latest());
            return admin.listOffsets(request).all().get().values().stream()
                    .mapToLong(o -> o.offset())
                    .sum();
        }
    }

    @Test
    void jobRefusesAnInvalidAwsRegion() {
        JobConfig c = SERVICES.newConfig();
        Run r =
                run(
                        "job",
                        "--bootstrap-servers",
                        c.bootstrapServers(),
                        "--topic",
                        c.topic(),
                        "--region",
                        "nowhere-1");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errLines())
                .as(r.toString())
                .containsExactly(
                        "streamcount: Invalid AWS region 'nowhere-1' (for example us-east-1,"
                                + " eu-west-1; change it with --region)");
    }

    @Test
    void noCredentialsForANonLoopbackEndpointIsAnErrorNotDummyKeys() {
        // ".invalid" never resolves (RFC 2606): nothing can leave this machine even if keys were
        // found.
        Run r =
                run(
                        "get",
                        "hello",
                        "--dynamodb-endpoint",
                        "http://dynamodb.invalid:8000",
                        "--region",
                        "us-east-1");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        assertThat(r.err())
                .startsWith(
                        "streamcount: No AWS credentials found for DynamoDB at"
                                + " http://dynamodb.invalid:8000");
    }

    @Test
    void aSecretNeverAppearsInOutputOrLogs() {
        String keyId = "AKIASENTINEL0KEY0ID";
        String secret = "SentinelSecret0Never0Printed0x9Q";
        System.setProperty("aws.accessKeyId", keyId);
        System.setProperty("aws.secretAccessKey", secret);
        try (LogCapture logs = new LogCapture()) {
            Run r = run("demo", "--words", "3000", "--vocabulary", "100");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(logs.text()).as("logs were captured").contains("streamcount");
            assertThat(r.out() + r.err() + logs.text()).doesNotContain(secret);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
