package dev.streamcount.job.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcount.job.error.StreamCountException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsSettingsTest {

    private static final AwsCredentialsProvider NOTHING =
            () -> {
                throw SdkClientException.create("no credentials in this test");
            };
    private static final AwsCredentialsProvider FOUND =
            StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIATEST", "SENTINEL-SECRET"));

    @Test
    void loopbackAddressesAreRecognised() {
        assertThat(AwsSettings.isLoopback(URI.create("http://localhost:8000"))).isTrue();
        assertThat(AwsSettings.isLoopback(URI.create("http://127.0.0.1:8000"))).isTrue();
        assertThat(AwsSettings.isLoopback(URI.create("http://127.3.4.5:8000"))).isTrue();
        assertThat(AwsSettings.isLoopback(URI.create("http://[::1]:8000"))).isTrue();
        assertThat(AwsSettings.isLoopback(URI.create("http://10.0.0.1:8000"))).isFalse();
        assertThat(AwsSettings.isLoopback(URI.create("https://dynamodb.us-east-1.amazonaws.com")))
                .isFalse();
        assertThat(AwsSettings.isLoopback(URI.create("http://localhost.example.com"))).isFalse();
        assertThat(AwsSettings.isLoopback(null)).isFalse();
    }

    @Test
    void loopbackEndpointsGetDummyCredentialsWithoutAskingAnyProvider() {
        AwsCredentialsProvider tripwire =
                () -> {
                    throw new AssertionError("a credentials provider was asked for a local run");
                };
        AwsSettings local =
                AwsSettings.resolve(URI.create("http://localhost:8000"), "us-west-2", tripwire);
        assertThat(local.usesDummyCredentials()).isTrue();
        assertThat(local.credentialsProvider().resolveCredentials().accessKeyId())
                .isEqualTo(AwsSettings.DUMMY_KEY_ID);

        AwsSettings remote =
                AwsSettings.resolve(URI.create("http://10.1.2.3:8000"), "us-west-2", FOUND);
        assertThat(remote.usesDummyCredentials()).isFalse();
    }

    @Test
    void noCredentialsForARemoteEndpointIsAnErrorNamingTheEndpoint() {
        assertThatThrownBy(
                        () ->
                                AwsSettings.resolve(
                                        URI.create("http://10.1.2.3:8000"), "eu-west-1", NOTHING))
                .isInstanceOf(StreamCountException.class)
                .hasMessageContaining("No AWS credentials")
                .hasMessageContaining("http://10.1.2.3:8000");
        assertThatThrownBy(() -> AwsSettings.resolve(null, "eu-west-1", NOTHING))
                .hasMessageContaining("eu-west-1");
    }

    @Test
    void descriptionNeverContainsCredentials() {
        AwsSettings s =
                AwsSettings.resolve(URI.create("http://localhost:8000"), "us-west-2", FOUND);
        assertThat(s.describe()).doesNotContain("SENTINEL-SECRET").doesNotContain("AKIATEST");
    }

    @Test
    void anInvalidRegionIsRefusedForAwsButAnyNameWorksForDynamoDbLocal() {
        assertThatThrownBy(() -> AwsSettings.resolve(null, "nowhere-1", FOUND))
                .isInstanceOf(StreamCountException.class)
                .hasMessageStartingWith("Invalid AWS region 'nowhere-1'")
                .hasMessageContaining("--region");
        // The tutorial's aws-cli uses AWS_DEFAULT_REGION=region against DynamoDB Local.
        assertThat(
                        AwsSettings.resolve(URI.create("http://localhost:8000"), "region", FOUND)
                                .region()
                                .id())
                .isEqualTo("region");
        assertThat(AwsSettings.resolve(null, "eu-central-1", FOUND).region().id())
                .isEqualTo("eu-central-1");
    }
}
