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
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

class FencedWritesTest {

    /**
     * A scripted client: call n fails with script(n) if that is not null; otherwise it applies the
     * transaction as DynamoDB does, fence included: every condition holds, or nothing is written
     * and each item gets its reason.
     */
    private static final class ScriptedClient implements DynamoDbClient {
        final Map<String, Long> stored = new HashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        final Function<Integer, RuntimeException> failure;

        ScriptedClient(Function<Integer, RuntimeException> failure) {
            this.failure = failure;
        }

        @Override
        public synchronized TransactWriteItemsResponse transactWriteItems(
                TransactWriteItemsRequest request) {
            int n = calls.incrementAndGet();
            RuntimeException e = failure.apply(n);
            if (e != null) throw e;
            List<CancellationReason> reasons = new ArrayList<>();
            boolean cancelled = false;
            for (TransactWriteItem item : request.transactItems()) {
                assertThat(item.put().conditionExpression()).isEqualTo(WordCountItem.NOT_LOWER);
                long total = Long.parseLong(item.put().expressionAttributeValues().get(":n").n());
                Long old = stored.get(item.put().item().get("word").s());
                boolean holds = old == null || old <= total;
                cancelled |= !holds;
                String word = item.put().item().get("word").s();
                reasons.add(
                        CancellationReason.builder()
                                .code(holds ? "None" : "ConditionalCheckFailed")
                                .item(
                                        holds
                                                        || item.put()
                                                                        .returnValuesOnConditionCheckFailure()
                                                                == null
                                                ? null
                                                : WordCountItem.of(word, old))
                                .build());
            }
            if (cancelled) {
                throw TransactionCanceledException.builder()
                        .statusCode(400)
                        .cancellationReasons(reasons)
                        .build();
            }
            for (TransactWriteItem item : request.transactItems()) {
                stored.put(
                        item.put().item().get("word").s(),
                        Long.parseLong(item.put().item().get("count").n()));
            }
            return TransactWriteItemsResponse.builder().build();
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
    private final List<String> fencedSeen = new CopyOnWriteArrayList<>();

    private FencedWrites writer(DynamoDbClient client) {
        return new FencedWrites(
                client,
                "T",
                Duration.ofMillis(1),
                Duration.ofMillis(4),
                new FencedWrites.Listener() {
                    @Override
                    public void retried() {
                        retries.incrementAndGet();
                    }

                    @Override
                    public void throttled() {
                        throttles.incrementAndGet();
                    }

                    @Override
                    public void fenced(String word, long refused, long stored) {
                        fencedSeen.add(word + " " + refused + " < " + stored);
                    }
                });
    }

    private static List<PendingTotals.Entry> totals(int n, long each) {
        List<PendingTotals.Entry> items = new ArrayList<>();
        for (int i = 0; i < n; i++) items.add(new PendingTotals.Entry("w" + i, each));
        return items;
    }

    private static long far() {
        return System.nanoTime() + Duration.ofMinutes(1).toNanos();
    }

    @Test
    void writesEveryTotalAndFencesNone() throws Exception {
        ScriptedClient client = new ScriptedClient(n -> null);
        assertThat(writer(client).write(totals(100, 7), far())).isZero();
        assertThat(client.stored).hasSize(100).containsEntry("w99", 7L);
        assertThat(client.calls.get()).isEqualTo(1);
    }

    @Test
    void aLowerTotalIsFencedAndTheRestOfTheTransactionIsWrittenAgainAtOnce() throws Exception {
        ScriptedClient client = new ScriptedClient(n -> null);
        client.stored.put("w1", 50L); // newer than what this batch carries
        client.stored.put("w2", 5L); // older
        client.stored.put("w3", 10L); // the same: a retry of a write that landed

        int fenced = writer(client).write(totals(4, 10), far());

        assertThat(fenced).isEqualTo(1);
        assertThat(fencedSeen).as("reported with the stored total").containsExactly("w1 10 < 50");
        assertThat(client.stored)
                .containsEntry("w0", 10L)
                .containsEntry("w1", 50L)
                .containsEntry("w2", 10L)
                .containsEntry("w3", 10L);
        assertThat(client.calls.get()).as("one cancelled, one applied").isEqualTo(2);
        assertThat(retries.get()).as("no backoff for a fenced item").isZero();
    }

    @Test
    void retriesThrottlingConflictsAndLostResponsesAndCountsThrottles() throws Exception {
        ScriptedClient client =
                new ScriptedClient(
                        n ->
                                switch (n) {
                                    case 1 ->
                                            ProvisionedThroughputExceededException.builder()
                                                    .statusCode(400)
                                                    .awsErrorDetails(
                                                            AwsErrorDetails.builder()
                                                                    .errorCode(
                                                                            "ProvisionedThroughputExceededException")
                                                                    .build())
                                                    .build();
                                    case 2 ->
                                            TransactionCanceledException.builder()
                                                    .statusCode(400)
                                                    .cancellationReasons(
                                                            CancellationReason.builder()
                                                                    .code("TransactionConflict")
                                                                    .build(),
                                                            CancellationReason.builder()
                                                                    .code("None")
                                                                    .build(),
                                                            CancellationReason.builder()
                                                                    .code("ThrottlingError")
                                                                    .build())
                                                    .build();
                                    case 3 -> SdkClientException.create("connection reset");
                                    default -> null;
                                });
        assertThat(writer(client).write(totals(3, 1), far())).isZero();
        assertThat(client.stored).hasSize(3);
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
                                        .build());
        assertThatThrownBy(() -> writer(client).write(totals(2, 1), far()))
                .isInstanceOf(FencedWrites.WriteFailedException.class)
                .hasMessageContaining("rejected");
        assertThat(client.calls.get()).isEqualTo(1);
    }

    @Test
    void givesUpAtTheDeadline() {
        ScriptedClient client = new ScriptedClient(n -> SdkClientException.create("unreachable"));
        long deadline = System.nanoTime() + Duration.ofMillis(200).toNanos();
        assertThatThrownBy(() -> writer(client).write(totals(2, 1), deadline))
                .isInstanceOf(FencedWrites.WriteFailedException.class)
                .hasMessageContaining("deadline passed");
        assertThat(client.calls.get()).isGreaterThan(1);
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
                                        writer(client)
                                                .write(
                                                        totals(3, 1),
                                                        started
                                                                + Duration.ofMillis(1500)
                                                                        .toNanos()))
                        .isInstanceOf(FencedWrites.WriteFailedException.class)
                        .hasMessageContaining("its deadline passed");

                long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                assertThat(millis).as("ended by the deadline plus one attempt").isLessThan(2500);
                assertThat(accepted.get()).as("attempts the endpoint held").isGreaterThan(1);
            }
        } finally {
            for (Socket s : held) s.close();
        }
    }
}
