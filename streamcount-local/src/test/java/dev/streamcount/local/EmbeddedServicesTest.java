package dev.streamcount.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class EmbeddedServicesTest {

    private static DynamoDbClient client(EmbeddedDynamoDb db, String keyId, String region) {
        return DynamoDbClient.builder()
                .endpointOverride(db.endpoint())
                .region(Region.of(region))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, "x")))
                .build();
    }

    @Test
    void theStoreSharesTablesAcrossAccessKeysAndRegions() throws Exception {
        try (EmbeddedDynamoDb db = EmbeddedDynamoDb.start(0, null);
                DynamoDbClient a = client(db, "alice", "us-east-1");
                DynamoDbClient b = client(db, "bob", "eu-west-1")) {
            a.createTable(
                    t ->
                            t.tableName("Shared")
                                    .billingMode("PAY_PER_REQUEST")
                                    .attributeDefinitions(
                                            AttributeDefinition.builder()
                                                    .attributeName("k")
                                                    .attributeType(ScalarAttributeType.S)
                                                    .build())
                                    .keySchema(
                                            KeySchemaElement.builder()
                                                    .attributeName("k")
                                                    .keyType(KeyType.HASH)
                                                    .build()));
            assertThat(b.listTables().tableNames()).contains("Shared");
        }
    }

    @Test
    void servicesListenOnLoopbackOnly() throws Exception {
        InetAddress external = nonLoopbackAddress();
        try (EmbeddedDynamoDb db = EmbeddedDynamoDb.start(0, null)) {
            assertConnects(InetAddress.getByName("127.0.0.1"), db.port(), true);
            if (external != null) {
                assertConnects(external, db.port(), false);
            }
        }
    }

    @Test
    void aTakenPortIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> EmbeddedDynamoDb.start(taken.getLocalPort(), null))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }

    @Test
    void kafkaStartsCreatesTopicsAndRestartsOnItsLog(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            kafka.createTopic("input", 2);
            assertThat(kafka.topics()).contains("input");
            InetAddress external = nonLoopbackAddress();
            if (external != null) {
                assertConnects(external, kafka.port(), false);
            }
            kafka.restart();
            assertThat(kafka.topics()).as("topics survive a restart").contains("input");
        }
    }

    private static void assertConnects(InetAddress address, int port, boolean expected) {
        boolean connected;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            connected = true;
        } catch (Exception e) {
            connected = false;
        }
        assertThat(connected).as("connect to %s:%d", address, port).isEqualTo(expected);
    }

    /** This machine's first non-loopback address, or null if it has none. */
    private static InetAddress nonLoopbackAddress() throws Exception {
        List<NetworkInterface> nics = Collections.list(NetworkInterface.getNetworkInterfaces());
        for (NetworkInterface nic : nics) {
            if (!nic.isUp() || nic.isLoopback()) continue;
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address) return a;
            }
        }
        return null;
    }
}
