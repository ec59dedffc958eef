package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.cli.RawHttp.Answer;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.local.Ports;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code streamcount dynamodb}, the store alone, as separate processes from the runnable jar: what
 * the tutorial's docker-compose ran DynamoDB Local for.
 */
class DynamoDbCommandITCase {
    private static final Duration READY = Duration.ofSeconds(60);

    private final List<LocalProcess> started = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws Exception {
        for (LocalProcess p : started) p.close();
    }

    private LocalProcess dynamodb(Path dir, String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("dynamodb"));
        cmd.addAll(List.of(args));
        LocalProcess p = LocalProcess.command(dir, dir.resolve(name + ".log"), cmd);
        started.add(p);
        return p;
    }

    private static DynamoDbClient client(int port) {
        return DynamoDbClients.sync(
                AwsSettings.of(
                        JobConfig.defaults()
                                .withDynamoDbEndpoint(URI.create("http://127.0.0.1:" + port))));
    }

    /** A start that must be refused in one line; returns that line. */
    private static String refused(LocalProcess p) throws Exception {
        assertThat(p.process().waitFor(60, TimeUnit.SECONDS)).as("ended").isTrue();
        assertThat(p.process().exitValue()).as(p.log()).isEqualTo(1);
        List<String> lines = p.log().lines().filter(l -> l.startsWith("streamcount:")).toList();
        assertThat(lines).as(p.log()).hasSize(1);
        return lines.get(0);
    }

    @Test
    void servesDurableTablesThatOutliveItAndOneProcessPerDirectory(@TempDir Path dir)
            throws Exception {
        int port = Ports.free();
        Path tables = dir.resolve("tables");
        String p = Integer.toString(port);
        LocalProcess first = dynamodb(dir, "first", "--port", p, "--data-dir", tables.toString());
        assertThat(first.awaitLine("streamcount dynamodb: serving", READY))
                .isEqualTo(
                        "streamcount dynamodb: serving http://127.0.0.1:"
                                + port
                                + " (durable in "
                                + tables.toAbsolutePath()
                                + "; any access key and region see the same tables)");
        try (DynamoDbClient client = client(port)) {
            client.createTable(
                    t ->
                            t.tableName("WordCounts")
                                    .billingMode("PAY_PER_REQUEST")
                                    .attributeDefinitions(
                                            a ->
                                                    a.attributeName("word")
                                                            .attributeType(ScalarAttributeType.S))
                                    .keySchema(k -> k.attributeName("word").keyType("HASH")));
            client.putItem(
                    r ->
                            r.tableName("WordCounts")
                                    .item(
                                            Map.of(
                                                    "word", AttributeValue.fromS("hello"),
                                                    "count", AttributeValue.fromN("3"))));
        }

        String second =
                refused(dynamodb(dir, "second", "--port", "0", "--data-dir", tables.toString()));
        assertThat(second)
                .isEqualTo(
                        "streamcount: The data directory "
                                + tables.toAbsolutePath()
                                + " is in use by another streamcount-store (lock: store.lock)");
        Path other = dir.resolve("other");
        String portTaken =
                refused(dynamodb(dir, "taken", "--port", p, "--data-dir", other.toString()));
        assertThat(portTaken)
                .startsWith("streamcount: Could not start the store on 127.0.0.1:" + port + ": ")
                .endsWith("(change the port with --port)");

        first.process().destroy(); // SIGTERM, as Ctrl-C or `docker compose stop`
        assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).as(first.log()).isTrue();

        LocalProcess again = dynamodb(dir, "again", "--port", p, "--data-dir", tables.toString());
        again.awaitLine("streamcount dynamodb: serving", READY);
        try (DynamoDbClient client = client(port)) {
            assertThat(
                            client.getItem(
                                            r ->
                                                    r.tableName("WordCounts")
                                                            .key(
                                                                    Map.of(
                                                                            "word",
                                                                            AttributeValue.fromS(
                                                                                    "hello"))))
                                    .item())
                    .containsEntry("count", AttributeValue.fromN("3"));
        }
    }

    @Test
    void aContainerBindAnswersItsServiceNameAndRefusesOthers(@TempDir Path dir) throws Exception {
        int port = Ports.free();
        LocalProcess store =
                dynamodb(
                        dir,
                        "container",
                        "--port",
                        Integer.toString(port),
                        "--in-memory",
                        "--bind",
                        "0.0.0.0",
                        "--host-name",
                        "dynamodb");
        assertThat(store.awaitLine("streamcount dynamodb: serving", READY))
                .startsWith(
                        "streamcount dynamodb: serving http://0.0.0.0:" + port + " (in memory;");
        Answer own = RawHttp.send(port, LoopbackITCase.listTables(port));
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        Answer service =
                RawHttp.send(
                        port, LoopbackITCase.listTables(port).with("Host", "dynamodb:" + port));
        assertThat(service.status()).as(service.toString()).isEqualTo(200);
        Answer rebound =
                RawHttp.send(
                        port, LoopbackITCase.listTables(port).with("Host", "evil.example:" + port));
        assertThat(rebound.status()).as(rebound.toString()).isEqualTo(403);
        assertThat(rebound.body()).contains("AccessDeniedException");

        // A directory of DynamoDB Local's tables is left for local to recount, not served.
        Path oldTables = Files.createDirectories(dir.resolve("old").resolve("dynamodb"));
        Files.writeString(oldTables.resolve("shared-local-instance.db"), "SQLite format 3");
        assertThat(refused(dynamodb(dir, "old", "--data-dir", oldTables.toString())))
                .isEqualTo(
                        "streamcount: "
                                + oldTables.resolve("shared-local-instance.db")
                                + " holds DynamoDB Local's tables: start streamcount local on its"
                                + " data dir once to recount them into the store, or give another"
                                + " --data-dir");
        assertThat(oldTables.resolve("store-0.log")).doesNotExist();

        LocalProcess both = dynamodb(dir, "both", "--in-memory", "--data-dir", dir.toString());
        assertThat(both.process().waitFor(60, TimeUnit.SECONDS)).as("ended").isTrue();
        assertThat(both.process().exitValue()).as(both.log()).isEqualTo(2);
        assertThat(both.log()).startsWith("--in-memory and --data-dir exclude each other");
    }
}
