package dev.streamcount.job.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcount.job.error.StreamCountException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsEndpointsTest {

    private static final URI FLAG = URI.create("http://127.0.0.1:9000");

    @Test
    void theFlagWinsThenTheDynamoDbVariableThenTheGlobalOne() {
        Map<String, String> both =
                Map.of(
                        "AWS_ENDPOINT_URL_DYNAMODB", "http://localhost:8000",
                        "AWS_ENDPOINT_URL", "http://localhost:4566");

        assertThat(AwsEndpoints.dynamoDb(FLAG, both)).isEqualTo(FLAG);
        assertThat(AwsEndpoints.dynamoDb(null, both))
                .isEqualTo(URI.create("http://localhost:8000"));
        assertThat(AwsEndpoints.dynamoDb(null, Map.of("AWS_ENDPOINT_URL", "http://localhost:4566")))
                .isEqualTo(URI.create("http://localhost:4566"));
        assertThat(AwsEndpoints.dynamoDb(null, Map.of("AWS_ENDPOINT_URL_DYNAMODB", " ")))
                .as("blank is unset")
                .isNull();
        assertThat(AwsEndpoints.dynamoDb(null, Map.of())).as("AWS itself").isNull();
    }

    @Test
    void aValueThatIsNotAnEndpointIsNamed() {
        assertThatThrownBy(
                        () ->
                                AwsEndpoints.dynamoDb(
                                        null, Map.of("AWS_ENDPOINT_URL_DYNAMODB", "localhost")))
                .isInstanceOf(StreamCountException.class)
                .hasMessage(
                        "AWS_ENDPOINT_URL_DYNAMODB is not an endpoint URL: 'localhost' (expected"
                                + " http(s)://host[:port])");
    }
}
