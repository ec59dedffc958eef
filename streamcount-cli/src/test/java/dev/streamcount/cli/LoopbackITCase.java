package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.local.Ports;
import dev.streamcount.local.TextGenerator;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code streamcount local} as a user runs it, while it counts: every TCP socket the process
 * listens on is on loopback (found from {@code /proc}, whatever opened it), and its web UI takes no
 * jar uploads.
 */
class LoopbackITCase {

    @Test
    void everyListeningSocketIsOnLoopbackAndTheWebUiRefusesJars(@TempDir Path dir)
            throws Exception {
        assumeTrue(
                Files.isDirectory(Path.of("/proc/self/fd")),
                "needs Linux's /proc to list a process's sockets");
        int kafkaPort = Ports.free();
        int dynamoPort = Ports.free();
        int webPort = Ports.free();
        JobConfig config =
                JobConfig.defaults()
                        .withBootstrapServers("127.0.0.1:" + kafkaPort)
                        .withDynamoDbEndpoint(URI.create("http://127.0.0.1:" + dynamoPort));
        try (LocalProcess local =
                        LocalProcess.start(
                                dir.resolve("data"),
                                kafkaPort,
                                dynamoPort,
                                webPort,
                                dir.resolve("local.log"));
                DynamoDbClient client = DynamoDbClients.sync(AwsSettings.of(config))) {
            local.awaitLine("Fresh start", Duration.ofSeconds(90));
            // Every part working: records read, shuffled, counted, committed and read back.
            TextGenerator text = new TextGenerator(5, 500, 1.1);
            List<byte[]> lines = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                lines.add(text.nextLine().getBytes(StandardCharsets.UTF_8));
            }
            LocalServices.produce(config, lines);
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
                    .contains(kafkaPort, dynamoPort, webPort);
            assertThat(sockets)
                    .as("every listening socket of local, in %s", sockets)
                    .allMatch(ListeningSockets.Socket::loopback);

            HttpClient http = HttpClient.newHttpClient();
            String web = "http://127.0.0.1:" + webPort;
            HttpResponse<String> config0 =
                    http.send(
                            HttpRequest.newBuilder(URI.create(web + "/config")).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(config0.body()).contains("\"web-submit\":false");
            HttpResponse<String> upload =
                    http.send(jarUpload(web), HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode())
                    .as("POST /jars/upload answered: %s", upload.body())
                    .isBetween(400, 499);
            assertThat(upload.body()).contains("not allowed");
        }
    }

    /** A multipart POST of an (empty) jar, as a web page's form could send it. */
    private static HttpRequest jarUpload(String web) throws Exception {
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
        return HttpRequest.newBuilder(URI.create(web + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
    }
}
