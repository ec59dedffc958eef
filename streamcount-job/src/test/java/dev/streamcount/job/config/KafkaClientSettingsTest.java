package dev.streamcount.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcount.job.error.StreamCountException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KafkaClientSettingsTest {

    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\""
                    + " password=\"p4ss=w0rd\";";

    @Test
    void flagsOverTheFileAndValuesMayHoldEqualsSigns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(
                file,
                "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nssl.truststore.password=t\n");
        KafkaOptions options = new KafkaOptions();
        new CommandLine(options)
                .parseArgs(
                        "--kafka-config",
                        file.toString(),
                        "--kafka-property",
                        "sasl.mechanism=SCRAM-SHA-512",
                        "--kafka-property",
                        "sasl.jaas.config=" + JAAS);

        KafkaClientSettings settings = options.applyTo(JobConfig.defaults()).kafkaClient();

        assertThat(settings.values())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "security.protocol", "SASL_SSL",
                                "sasl.mechanism", "SCRAM-SHA-512",
                                "ssl.truststore.password", "t",
                                "sasl.jaas.config", JAAS));
        assertThat(settings.properties()).containsEntry("sasl.jaas.config", JAAS);
    }

    @Test
    void printingTheSettingsOrTheConfigHidesEverySecret() {
        KafkaClientSettings settings =
                new KafkaClientSettings(
                        Map.of(
                                "sasl.jaas.config", JAAS,
                                "ssl.truststore.password", "trust-secret",
                                "ssl.keystore.password", "key-secret",
                                "ssl.key.password", "keypass-secret",
                                "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----",
                                // Kafka 4.1's JWT assertion key passphrase (KIP-1139).
                                "sasl.oauthbearer.assertion.private.key.passphrase",
                                        "phrase-secret",
                                "sasl.oauthbearer.token.endpoint.url", "https://idp/token",
                                "security.protocol", "SASL_SSL"));
        String printed = JobConfig.defaults().withKafkaClient(settings).toString();

        assertThat(printed)
                .doesNotContain(
                        "p4ss",
                        "trust-secret",
                        "key-secret",
                        "keypass-secret",
                        "PRIVATE",
                        "phrase-secret")
                .contains("security.protocol=SASL_SSL", "sasl.jaas.config=[hidden]");
    }

    @Test
    void anUnreadableFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> KafkaClientSettings.load(missing, Map.of()))
                .isInstanceOf(StreamCountException.class)
                .hasMessageStartingWith("Cannot read Kafka client settings from " + missing);
    }
}
