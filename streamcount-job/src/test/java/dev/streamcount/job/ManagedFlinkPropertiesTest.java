package dev.streamcount.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.config.ManagedFlinkProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Settings from Managed Service for Apache Flink's runtime properties, in the JSON format MSF
 * writes to {@code /etc/flink/application_properties.json}.
 */
class ManagedFlinkPropertiesTest {

    @TempDir Path dir;

    private Path properties(String json) throws IOException {
        Path file = dir.resolve("application_properties.json");
        Files.writeString(file, json);
        return file;
    }

    private static final String MSF_JSON =
            """
            [
              {
                "PropertyGroupId": "StreamCount",
                "PropertyMap": {
                  "bootstrap-servers": "b-1.mycluster.abc123.c2.kafka.us-east-1.amazonaws.com:9098",
                  "topic": "lines",
                  "table": "Counts",
                  "region": "us-east-1",
                  "delivery": "at-least-once",
                  "checkpoint-interval": "10s",
                  "state-backend": "rocksdb"
                }
              },
              {
                "PropertyGroupId": "KafkaClient",
                "PropertyMap": {
                  "security.protocol": "SASL_SSL",
                  "sasl.mechanism": "AWS_MSK_IAM",
                  "sasl.jaas.config": "software.amazon.msk.auth.iam.IAMLoginModule required;",
                  "sasl.client.callback.handler.class": "software.amazon.msk.auth.iam.IAMClientCallbackHandler"
                }
              }
            ]
            """;

    /** The config the job would run with, given {@code args} and the properties file. */
    private static JobConfig config(Path file, String... args) {
        StreamCountJob job = new StreamCountJob();
        CommandLine cl = new CommandLine(job);
        cl.parseArgs(ManagedFlinkProperties.apply(file, cl.getCommandSpec(), args));
        return job.options.toConfig();
    }

    @Test
    void eachKeyIsTheFlagOfThatName() throws IOException {
        JobConfig config = config(properties(MSF_JSON));

        assertThat(config.bootstrapServers())
                .isEqualTo("b-1.mycluster.abc123.c2.kafka.us-east-1.amazonaws.com:9098");
        assertThat(config.topic()).isEqualTo("lines");
        assertThat(config.table()).isEqualTo("Counts");
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.delivery()).isEqualTo(JobConfig.Delivery.AT_LEAST_ONCE);
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.stateBackend()).isEqualTo(JobConfig.StateBackend.ROCKSDB);
        assertThat(config.kafkaClient().values())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "security.protocol", "SASL_SSL",
                                "sasl.mechanism", "AWS_MSK_IAM",
                                "sasl.jaas.config",
                                        "software.amazon.msk.auth.iam.IAMLoginModule required;",
                                "sasl.client.callback.handler.class",
                                        "software.amazon.msk.auth.iam.IAMClientCallbackHandler"));
        // What no group sets keeps its default.
        assertThat(config.groupId()).isEqualTo(JobConfig.DEFAULT_GROUP_ID);
        assertThat(config.dynamoDbEndpoint()).isNull();
    }

    @Test
    void theCommandLineWins() throws IOException {
        JobConfig config =
                config(
                        properties(MSF_JSON),
                        "--table",
                        "FromFlag",
                        "--delivery=exactly-once",
                        "--kafka-property",
                        "sasl.mechanism=SCRAM-SHA-512",
                        "--dynamodb-endpoint",
                        "http://127.0.0.1:8000");

        assertThat(config.table()).isEqualTo("FromFlag");
        assertThat(config.delivery()).isEqualTo(JobConfig.Delivery.EXACTLY_ONCE);
        assertThat(config.kafkaClient().values()).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(config.dynamoDbEndpoint()).isEqualTo(URI.create("http://127.0.0.1:8000"));
        assertThat(config.topic()).isEqualTo("lines");
    }

    @Test
    void withoutTheFileOnlyTheCommandLineCounts() {
        JobConfig config = config(dir.resolve("absent.json"), "--table", "T");

        assertThat(config.table()).isEqualTo("T");
        assertThat(config.kafkaClient().values()).isEmpty();
    }

    private static String[] run(Path file, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit =
                StreamCountJob.run(
                        args, new PrintWriter(out, true), new PrintWriter(err, true), file);
        return new String[] {Integer.toString(exit), err.toString()};
    }

    @Test
    void anUnknownKeyIsOneLineAndAUsageError() throws IOException {
        Path file =
                properties(
                        """
                        [{"PropertyGroupId": "StreamCount", "PropertyMap": {"tabel": "Counts"}}]
                        """);

        String[] r = run(file);

        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1].lines())
                .singleElement()
                .asString()
                .startsWith(
                        "streamcount: Unknown key 'tabel' in property group StreamCount of " + file)
                .contains("bootstrap-servers", "table", "kafka-property")
                .doesNotContain("help", "version");
    }

    @Test
    void anUnknownGroupIsOneLineAndAUsageError() throws IOException {
        Path file =
                properties(
                        """
                        [{"PropertyGroupId": "KafkaClients", "PropertyMap": {"security.protocol": "SSL"}}]
                        """);

        String[] r = run(file);

        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1].lines())
                .containsExactly(
                        "streamcount: Unknown property group 'KafkaClients' in "
                                + file
                                + " (groups are StreamCount and KafkaClient)");
    }
}
