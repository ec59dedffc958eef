package dev.streamcount.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.aws.AwsSettings;
import java.net.URI;
import java.util.Properties;
import org.apache.flink.connector.aws.config.AWSConfigConstants;
import org.junit.jupiter.api.Test;

class OfficialDynamoDbSinkTest {

    @Test
    void theConnectorGetsTheEndpointRegionAndDummyKeysOfALoopbackEndpoint() {
        Properties local =
                OfficialDynamoDbSink.connectorProperties(
                        AwsSettings.resolve(URI.create("http://localhost:8000"), "us-west-2"));
        assertThat(local.getProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER))
                .isEqualTo("BASIC");
        assertThat(local.getProperty(AWSConfigConstants.AWS_ACCESS_KEY_ID))
                .isEqualTo(AwsSettings.DUMMY_KEY_ID);
        assertThat(local.getProperty(AWSConfigConstants.AWS_ENDPOINT))
                .isEqualTo("http://localhost:8000");
        assertThat(local.getProperty(AWSConfigConstants.AWS_REGION)).isEqualTo("us-west-2");
    }
}
