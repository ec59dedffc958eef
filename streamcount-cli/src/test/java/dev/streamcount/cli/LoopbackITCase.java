package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.streamcount.cli.RawHttp.Answer;
import dev.streamcount.cli.RawHttp.Request;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.local.Ports;
import dev.streamcount.local.TextGenerator;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code streamcount local} and {@code streamcount job} as a user runs them, while they count:
 * every TCP socket each process listens on is on loopback (found from {@code /proc}, whatever
 * opened it); every HTTP port of {@code local} answers only requests naming it from no other
 * origin, and sends no CORS headers; the web UI takes no jars; the data dir is the user's alone.
 */
class LoopbackITCase {
    private static final String EVIL = "http://evil.example";

    @Test
    void everyListeningSocketIsOnLoopbackAndNoPortAnswersAnotherOrigin(@TempDir Path dir)
            throws Exception {
        assumeTrue(
                Files.isDirectory(Path.of("/proc/self/fd")),
                "needs Linux's /proc to list a process's sockets");
        int kafkaPort = Ports.free();
        int dynamoPort = Ports.free();
        int webPort = Ports.free();
        int dashboardPort = Ports.free();
        // A data dir from before: open to everyone, as a default umask leaves it.
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path old = Files.writeString(data.resolve(".lock"), "12345");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        JobConfig config =
                JobConfig.defaults()
                        .withBootstrapServers("127.0.0.1:" + kafkaPort)
                        .withDynamoDbEndpoint(URI.create("http://127.0.0.1:" + dynamoPort));
        try (LocalProcess local =
                        LocalProcess.start(
                                data,
                                kafkaPort,
                                dynamoPort,
                                webPort,
                                dir.resolve("local.log"),
                                "--dashboard-port",
                                Integer.toString(dashboardPort));
                DynamoDbClient client = DynamoDbClients.sync(AwsSettings.of(config))) {
            local.awaitLine("Fresh start", Duration.ofSeconds(90));
            assertThat(local.log())
                    .contains(
                            "streamcount: data dir "
                                    + data.toAbsolutePath()
                                    + " was open to other users: narrowed 2 files and"
                                    + " directories to owner-only (0700/0600)");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(old)))
                    .isEqualTo("rw-------");

            // Every part working: records read, shuffled, counted, committed and read back.
            TextGenerator text = new TextGenerator(5, 500, 1.1);
            LocalServices.produce(config, lines(text, 2_000));
            assertThat(
                            TableMatch.await(
                                    client,
                                    config.table(),
                                    text.expectedCounts(),
                                    Duration.ofSeconds(60)))
                    .as("counted; log:\n%s", local.log())
                    .isEmpty();

            List<ListeningSockets.Socket> sockets = ListeningSockets.of(local.process().pid());
            assertThat(sockets)
                    .as("listening sockets of the process")
                    .extracting(ListeningSockets.Socket::port)
                    .contains(kafkaPort, dynamoPort, webPort, dashboardPort);
            assertThat(sockets)
                    .as("every listening socket of local, in %s", sockets)
                    .allMatch(ListeningSockets.Socket::loopback);

            // Each HTTP port: its own client is answered, without CORS headers; a rebound DNS
            // name and a page elsewhere are refused.
            Map<Integer, Request> own =
                    Map.of(
                            webPort, Request.get(webPort, "/config"),
                            dynamoPort, listTables(dynamoPort),
                            dashboardPort, Request.get(dashboardPort, "/api/metrics"));
            for (Map.Entry<Integer, Request> e : own.entrySet()) {
                int port = e.getKey();
                Answer ok = RawHttp.send(port, e.getValue());
                assertThat(ok.status()).as("port %d, own request: %s", port, ok).isEqualTo(200);
                assertThat(ok.hasCorsHeader()).as("port %d: %s", port, ok).isFalse();
                Answer rebound =
                        RawHttp.send(port, e.getValue().with("Host", "evil.example:" + port));
                assertThat(rebound.status())
                        .as("port %d, foreign Host: %s", port, rebound)
                        .isEqualTo(403);
                Answer foreign = RawHttp.send(port, e.getValue().with("Origin", EVIL));
                assertThat(foreign.status())
                        .as("port %d, foreign Origin: %s", port, foreign)
                        .isEqualTo(403);
                assertThat(foreign.hasCorsHeader()).as("port %d: %s", port, foreign).isFalse();
            }
            Answer tables = RawHttp.send(dynamoPort, listTables(dynamoPort));
            assertThat(tables.body()).as("the probe reached DynamoDB").contains(config.table());

            Answer config0 = RawHttp.send(webPort, Request.get(webPort, "/config"));
            assertThat(config0.body()).contains("\"web-submit\":false");
            Answer upload = RawHttp.send(webPort, jarUpload(webPort));
            assertThat(upload.status()).as("POST /jars/upload: %s", upload).isEqualTo(405);

            // `streamcount job` from the CLI, against the same Kafka and DynamoDB.
            JobConfig jobConfig = config.withTopic("job-input").withTable("JobCounts");
            TextGenerator more = new TextGenerator(6, 300, 1.1);
            LocalServices.produce(jobConfig, lines(more, 500)); // creates the topic
            try (LocalProcess job =
                    LocalProcess.command(
                            dir,
                            dir.resolve("job.log"),
                            List.of(
                                    "job",
                                    "--bootstrap-servers",
                                    jobConfig.bootstrapServers(),
                                    "--dynamodb-endpoint",
                                    jobConfig.dynamoDbEndpoint().toString(),
                                    "--topic",
                                    jobConfig.topic(),
                                    "--table",
                                    jobConfig.table()))) {
                LocalServices.await(
                        () -> client.listTables().tableNames().contains(jobConfig.table()),
                        Duration.ofSeconds(90),
                        "`streamcount job` to create its table");
                assertThat(
                                TableMatch.await(
                                        client,
                                        jobConfig.table(),
                                        more.expectedCounts(),
                                        Duration.ofSeconds(90)))
                        .as("job counted; log:\n%s", job.log())
                        .isEmpty();
                List<ListeningSockets.Socket> jobSockets = ListeningSockets.of(job.process().pid());
                assertThat(jobSockets).as("the job's REST endpoint at least").isNotEmpty();
                assertThat(jobSockets)
                        .as("every listening socket of `streamcount job`, in %s", jobSockets)
                        .allMatch(ListeningSockets.Socket::loopback);
            }
        }
    }

    private static List<byte[]> lines(TextGenerator text, int n) {
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(text.nextLine().getBytes(StandardCharsets.UTF_8));
        }
        return lines;
    }

    /** A DynamoDB ListTables, as the SDK sends it (unsigned: the endpoint takes any key). */
    static Request listTables(int port) {
        return Request.get(port, "/")
                .with("X-Amz-Target", "DynamoDB_20120810.ListTables")
                .with("X-Amz-Date", "20261207T000000Z")
                .with(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=id/20261207/us-east-1/dynamodb/aws4_request,"
                                + " SignedHeaders=host;x-amz-date;x-amz-target, Signature=00")
                .withMethod(
                        "POST",
                        "application/x-amz-json-1.0",
                        "{}".getBytes(StandardCharsets.UTF_8));
    }

    /** A multipart POST of an (empty) jar, as a web page's form could send it. */
    private static Request jarUpload(int port) throws Exception {
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        new JarOutputStream(jar).close();
        String boundary = "streamcount-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\";"
                                + " filename=\"job.jar\"\r\nContent-Type:"
                                + " application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        body.write(jar.toByteArray());
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return Request.get(port, "/jars/upload")
                .withMethod(
                        "POST", "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }
}
