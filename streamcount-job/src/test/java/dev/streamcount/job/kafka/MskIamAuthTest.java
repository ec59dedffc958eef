package dev.streamcount.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import software.amazon.msk.auth.iam.IAMClientCallbackHandler;
import software.amazon.msk.auth.iam.internals.IAMSaslClient;
import software.amazon.msk.auth.iam.internals.IAMSaslClientProvider;

/**
 * Amazon MSK's IAM authentication works with the Kafka client and the AWS SDK this job ships, as
 * far as it can be shown without MSK: a client takes the settings MSK documents, and the SASL
 * client signs its first message with the credentials of the AWS default chain.
 */
class MskIamAuthTest {

    private static final String ACCESS_KEY = "AKIAEXAMPLEMSKIAM01";
    private static final String HOST = "b-1.mycluster.abc123.c2.kafka.us-east-1.amazonaws.com";

    private static Properties mskIam(String callbackHandler) throws IOException {
        Properties p = new Properties();
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        p.put("bootstrap.servers", "127.0.0.1:" + closed);
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", "AWS_MSK_IAM");
        p.put("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;");
        p.put("sasl.client.callback.handler.class", callbackHandler);
        return p;
    }

    @Test
    void aKafkaClientTakesTheSettingsMskDocuments() throws IOException {
        try (Admin admin = Admin.create(mskIam(IAMClientCallbackHandler.class.getName()))) {
            assertThat(admin).isNotNull();
        }
        // The control: the same settings with a handler that is not there fail at once.
        assertThatThrownBy(() -> Admin.create(mskIam("software.amazon.msk.auth.iam.NoSuchHandler")))
                .isInstanceOf(KafkaException.class);
    }

    @Test
    void theSaslClientSignsItsFirstMessageWithTheDefaultChainsCredentials() throws Exception {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", "example-secret-not-used-anywhere");
        try {
            IAMClientCallbackHandler handler = new IAMClientCallbackHandler();
            handler.configure(
                    Map.of(),
                    "AWS_MSK_IAM",
                    List.of(
                            new AppConfigurationEntry(
                                    "software.amazon.msk.auth.iam.IAMLoginModule",
                                    AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                                    Map.of())));
            IAMSaslClientProvider.initialize();
            String mechanism =
                    IAMSaslClient.getMechanismNameForClassLoader(
                            IAMSaslClient.class.getClassLoader());
            SaslClient sasl =
                    Sasl.createSaslClient(
                            new String[] {mechanism}, null, "kafka", HOST, Map.of(), handler);

            String first = new String(sasl.evaluateChallenge(new byte[0]), StandardCharsets.UTF_8);

            assertThat(first)
                    .contains(
                            "\"x-amz-credential\":\"" + ACCESS_KEY + "/",
                            "/us-east-1/kafka-cluster/aws4_request",
                            "\"x-amz-signature\":",
                            "\"action\":\"kafka-cluster:Connect\"",
                            "\"host\":\"" + HOST + "\"");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
