package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.config.KafkaClientSettings;
import dev.streamcount.local.EmbeddedDynamoDb;
import dev.streamcount.local.EmbeddedKafka;
import dev.streamcount.local.Ports;
import dev.streamcount.local.TextGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The job and the CLI against a broker that takes only SASL_SSL with SCRAM-SHA-512 and a TLS
 * certificate made by the test, as a secured production Kafka does: exact counts through it, a
 * wrong password in one line, a plaintext client refused, and no secret in any output, log or page
 * of the Flink web UI.
 */
class SecureKafkaITCase {

    private static final String USER = "counter";
    private static final String PASSWORD = "ScramSentinel0Never0Printed0x7Z";
    private static final String STORE_PASSWORD = "StoreSentinel0Never0Printed0x3K";

    @TempDir static Path dir;
    private static EmbeddedKafka kafka;
    private static EmbeddedDynamoDb dynamo;
    private static Path clientConfig;

    @BeforeAll
    static void startSecuredServices() throws Exception {
        TestCertificates tls = TestCertificates.generate(dir, STORE_PASSWORD);
        kafka =
                EmbeddedKafka.start(
                        dir.resolve("kafka"),
                        0,
                        new EmbeddedKafka.SecureListener(
                                Ports.free(), tls.keystore(), STORE_PASSWORD, USER, PASSWORD));
        dynamo = EmbeddedDynamoDb.start(0, null);
        clientConfig = dir.resolve("client.properties");
        Files.writeString(
                clientConfig,
                String.join(
                        "\n",
                        "security.protocol=SASL_SSL",
                        "sasl.mechanism=SCRAM-SHA-512",
                        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                                + " required username=\\\""
                                + USER
                                + "\\\" password=\\\""
                                + PASSWORD
                                + "\\\";",
                        "ssl.truststore.type=PKCS12",
                        "ssl.truststore.location=" + tls.truststore(),
                        "ssl.truststore.password=" + STORE_PASSWORD,
                        ""));
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (kafka != null) kafka.close();
        if (dynamo != null) dynamo.close();
    }

    private static JobConfig config(String name) {
        kafka.createTopic(name, 2);
        return JobConfig.defaults()
                .withBootstrapServers(kafka.secureBootstrapServers())
                .withTopic(name)
                .withTable(name)
                .withGroupId(name)
                .withDynamoDbEndpoint(dynamo.endpoint())
                .withCheckpointInterval(Duration.ofMillis(300))
                .withFlushInterval(Duration.ofMillis(200))
                .withKafkaTimeout(Duration.ofSeconds(20))
                .withKafkaClient(KafkaClientSettings.load(clientConfig, Map.of()));
    }

    @Test
    void theJobCountsExactlyThroughSaslSslAndNoSecretIsPrinted() throws Exception {
        JobConfig config = config("secured");
        TextGenerator text = new TextGenerator(11, 300, 1.1);
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 1_000; i++) input.append(text.nextLine()).append('\n');
        Path file = dir.resolve("input.txt");
        Files.writeString(file, input, StandardCharsets.UTF_8);

        try (LogCapture logs = new LogCapture();
                DynamoDbClient client = DynamoDbClients.sync(AwsSettings.of(config))) {
            CliITCase.Run produced =
                    CliITCase.run(
                            "produce",
                            "--bootstrap-servers",
                            config.bootstrapServers(),
                            "--topic",
                            config.topic(),
                            "--kafka-config",
                            clientConfig.toString(),
                            file.toString());
            assertThat(produced.exit()).as(produced.toString()).isZero();
            assertThat(produced.out()).startsWith("produced 1,000 records");

            int webPort = Ports.free();
            JobClient job =
                    StreamCountJob.start(
                            LocalFlink.environment(config.parallelism(), webPort, null, null),
                            config);
            String webUi;
            try {
                assertThat(
                                TableMatch.await(
                                        client,
                                        config.table(),
                                        text.expectedCounts(),
                                        Duration.ofSeconds(90)))
                        .as("counted through SASL_SSL")
                        .isEmpty();
                // What the web UI shows of the job and the cluster's configuration.
                webUi =
                        webUi(webPort, "/jobs/" + job.getJobID() + "/config")
                                + webUi(webPort, "/jobs/" + job.getJobID())
                                + webUi(webPort, "/jobmanager/config");
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(kafka.topics())
                    .as("dead-letter topic created through SASL_SSL")
                    .contains(config.deadLetterTopic());
            // Kafka's clients print their configuration at INFO: the capture saw them.
            assertThat(logs.text()).contains("sasl.jaas.config = [hidden]");
            assertThat(webUi).contains("execution-config", "kafka-source");
            String everything = produced.out() + produced.err() + logs.text() + config + webUi;
            assertThat(everything).doesNotContain(PASSWORD).doesNotContain(STORE_PASSWORD);
        }
    }

    private static String webUi(int port, String path) throws Exception {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + path))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void aWrongPasswordIsOneLineNamingTheAuthenticationFailure() {
        JobConfig config = config("wrong-password");
        long started = System.nanoTime();
        CliITCase.Run r =
                CliITCase.run(
                        "job",
                        "--bootstrap-servers",
                        config.bootstrapServers(),
                        "--topic",
                        config.topic(),
                        "--dynamodb-endpoint",
                        dynamo.endpoint().toString(),
                        "--kafka-config",
                        clientConfig.toString(),
                        "--kafka-property",
                        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                                + " required username=\""
                                + USER
                                + "\" password=\"wrong\";");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        List<String> lines = r.errLines();
        System.out.println("wrong password, after " + seconds + " s: " + r.err());
        assertThat(lines).as(r.toString()).hasSize(1);
        assertThat(lines.get(0))
                .as(r.toString())
                .startsWith(
                        "streamcount: Kafka at "
                                + config.bootstrapServers()
                                + " refused the client's credentials: ")
                .contains("SCRAM-SHA-512")
                .endsWith("(check sasl.* in the Kafka client settings)");
        assertThat(seconds).as("failed fast, not after the 20 s Kafka timeout").isLessThan(15);
    }

    @Test
    void aPlaintextClientIsRefused() {
        JobConfig config = config("plaintext");
        CliITCase.Run r =
                CliITCase.run(
                        "job",
                        "--bootstrap-servers",
                        config.bootstrapServers(),
                        "--topic",
                        config.topic(),
                        "--dynamodb-endpoint",
                        dynamo.endpoint().toString(),
                        "--kafka-timeout",
                        "3s");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errLines())
                .as(r.toString())
                .containsExactly(
                        "streamcount: Kafka unreachable at "
                                + config.bootstrapServers()
                                + ": no broker answered within 3s (change it with"
                                + " --kafka-timeout)");
    }
}
