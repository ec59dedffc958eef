package dev.streamcount.job.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class BatchWriterTest {

    /** A scripted client: answers call n with script(n) and records what was applied. */
    private static final class ScriptedClient implements DynamoDbClient {
        final Map<String, Long> applied = new HashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        final Function<Integer, RuntimeException> failure;
        final int leaveUnprocessedUntilCall;

        ScriptedClient(Function<Integer, RuntimeException> failure, int leaveUnprocessedUntilCall) {
            this.failure = failure;
            this.leaveUnprocessedUntilCall = leaveUnprocessedUntilCall;
        }

        @Override
        public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
            int n = calls.incrementAndGet();
            RuntimeException e = failure.apply(n);
            if (e != null) throw e;
            List<WriteRequest> items = request.requestItems().get("T");
            int apply = n < leaveUnprocessedUntilCall ? 1 : items.size();
            for (WriteRequest w : items.subList(0, apply)) {
                applied.put(
                        w.putRequest().item().get("word").s(),
                        Long.parseLong(w.putRequest().item().get("count").n()));
            }
            return BatchWriteItemResponse.builder()
                    .unprocessedItems(
                            apply == items.size()
                                    ? Map.of()
                                    : Map.of(
                                            "T",
                                            new ArrayList<>(items.subList(apply, items.size()))))
                    .build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {}
    }

    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger throttles = new AtomicInteger();

    private BatchWriter writer(DynamoDbClient client, int maxAttempts) {
        return new BatchWriter(
                client,
                "T",
                Duration.ofMillis(1),
                Duration.ofMillis(4),
                maxAttempts,
                new BatchWriter.Listener() {
                    @Override
                    public void retried() {
                        retries.incrementAndGet();
                    }

                    @Override
                    public void throttled() {
                        throttles.incrementAndGet();
                    }
                });
    }

    private static List<WriteRequest> items(int n) {
        List<WriteRequest> items = new ArrayList<>();
        for (int i = 0; i < n; i++) items.add(WordCountItem.put("w" + i, i * 10L));
        return items;
    }

    @Test
    void retriesUnprocessedItemsUntilAllAreApplied() throws Exception {
        ScriptedClient client = new ScriptedClient(n -> null, 4);
        writer(client, 10).write(items(5));
        assertThat(client.applied).hasSize(5).containsEntry("w4", 40L);
        assertThat(client.calls.get()).isEqualTo(4);
        assertThat(retries.get()).isEqualTo(3);
    }

    @Test
    void retriesThrottlingAndLostResponsesAndCountsThrottles() throws Exception {
        ScriptedClient client =
                new ScriptedClient(
                        n ->
                                switch (n) {
                                    case 1, 2 ->
                                            ProvisionedThroughputExceededException.builder()
                                                    .statusCode(400)
                                                    .awsErrorDetails(
                                                            AwsErrorDetails.builder()
                                                                    .errorCode(
                                                                            "ProvisionedThroughputExceededException")
                                                                    .build())
                                                    .build();
                                    case 3 -> SdkClientException.create("connection reset");
                                    default -> null;
                                },
                        0);
        writer(client, 10).write(items(3));
        assertThat(client.applied).hasSize(3);
        assertThat(throttles.get()).isEqualTo(2);
        assertThat(retries.get()).isEqualTo(3);
    }

    @Test
    void validationErrorsFailAtOnce() {
        ScriptedClient client =
                new ScriptedClient(
                        n ->
                                DynamoDbException.builder()
                                        .statusCode(400)
                                        .message("bad item")
                                        .awsErrorDetails(
                                                AwsErrorDetails.builder()
                                                        .errorCode("ValidationException")
                                                        .build())
                                        .build(),
                        0);
        assertThatThrownBy(() -> writer(client, 10).write(items(2)))
                .isInstanceOf(BatchWriter.CommitFailedException.class)
                .hasMessageContaining("rejected");
        assertThat(client.calls.get()).isEqualTo(1);
    }

    @Test
    void givesUpAfterMaxAttempts() {
        ScriptedClient client =
                new ScriptedClient(n -> SdkClientException.create("unreachable"), 0);
        assertThatThrownBy(() -> writer(client, 4).write(items(2)))
                .isInstanceOf(BatchWriter.CommitFailedException.class)
                .hasMessageContaining("after 4 attempts");
        assertThat(client.calls.get()).isEqualTo(4);
    }

    @Test
    void anEndpointThatNeverAnswersFailsTheWriteAtTheCommitsDeadline() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor =
                    new Thread(
                            () -> {
                                while (!hanging.isClosed()) {
                                    try {
                                        held.add(hanging.accept()); // and never answer
                                        accepted.incrementAndGet();
                                    } catch (IOException closed) {
                                        return;
                                    }
                                }
                            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (DynamoDbClient client =
                    DynamoDbClient.builder()
                            .endpointOverride(
                                    URI.create("http://127.0.0.1:" + hanging.getLocalPort()))
                            .region(Region.US_EAST_1)
                            .credentialsProvider(
                                    StaticCredentialsProvider.create(
                                            AwsBasicCredentials.create("id", "key")))
                            .overrideConfiguration(
                                    o ->
                                            o.apiCallAttemptTimeout(Duration.ofMillis(300))
                                                    .retryPolicy(RetryPolicy.none()))
                            .build()) {
                long started = System.nanoTime();

                assertThatThrownBy(
                                () ->
                                        writer(client, 30)
                                                .write(
                                                        items(3),
                                                        started
                                                                + Duration.ofMillis(1500)
                                                                        .toNanos()))
                        .isInstanceOf(BatchWriter.CommitFailedException.class)
                        .hasMessageContaining("the commit's deadline passed");

                long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                assertThat(millis).as("ended by the deadline plus one attempt").isLessThan(2500);
                assertThat(accepted.get()).as("attempts the endpoint held").isGreaterThan(1);
            }
        } finally {
            for (Socket s : held) s.close();
        }
    }
}
