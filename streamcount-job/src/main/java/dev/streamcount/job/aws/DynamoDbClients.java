package dev.streamcount.job.aws;

import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds DynamoDB clients: synchronous for table management, reads and commits. */
public final class DynamoDbClients {
    private DynamoDbClients() {}

    /** An asynchronous client with the SDK's retries, for the at-least-once batch writer. */
    public static DynamoDbAsyncClient async(AwsSettings aws) {
        var builder =
                DynamoDbAsyncClient.builder()
                        .region(aws.region())
                        .credentialsProvider(aws.credentialsProvider())
                        .httpClientBuilder(
                                NettyNioAsyncHttpClient.builder()
                                        .connectionTimeout(Duration.ofSeconds(5))
                                        .readTimeout(Duration.ofSeconds(30)))
                        .overrideConfiguration(
                                ClientOverrideConfiguration.builder()
                                        .apiCallTimeout(Duration.ofSeconds(60))
                                        .apiCallAttemptTimeout(Duration.ofSeconds(20))
                                        .build());
        if (aws.endpoint() != null) {
            builder.endpointOverride(aws.endpoint());
        }
        return builder.build();
    }

    public static DynamoDbClient sync(AwsSettings aws) {
        return sync(aws, true);
    }

    /**
     * @param sdkRetries false for callers that retry themselves (the committer counts and logs
     *     every retry, which the SDK's own retries would hide)
     */
    public static DynamoDbClient sync(AwsSettings aws, boolean sdkRetries) {
        var builder =
                DynamoDbClient.builder()
                        .region(aws.region())
                        .credentialsProvider(aws.credentialsProvider())
                        .httpClientBuilder(
                                UrlConnectionHttpClient.builder()
                                        .connectionTimeout(Duration.ofSeconds(5))
                                        .socketTimeout(Duration.ofSeconds(30)))
                        .overrideConfiguration(
                                ClientOverrideConfiguration.builder()
                                        .apiCallTimeout(Duration.ofSeconds(60))
                                        // The committer's deadline is 60 s plus one attempt.
                                        .apiCallAttemptTimeout(
                                                Duration.ofSeconds(sdkRetries ? 20 : 10))
                                        .retryPolicy(
                                                sdkRetries
                                                        ? RetryPolicy.defaultRetryPolicy()
                                                        : RetryPolicy.none())
                                        .build());
        if (aws.endpoint() != null) {
            builder.endpointOverride(aws.endpoint());
        }
        return builder.build();
    }
}
