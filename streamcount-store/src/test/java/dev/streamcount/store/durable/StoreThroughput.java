package dev.streamcount.store.durable;

import dev.streamcount.store.StoreServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Items per second through the AWS SDK's async client: fenced conditional PutItems (64 in flight)
 * and BatchWriteItems of 25 (8 in flight), against the store in memory and durable.
 *
 * <p>Run: {@code java -cp <test classpath> dev.streamcount.store.durable.StoreThroughput
 * [in-memory|durable] [seconds] [dir]}. Not a test: the numbers depend on the machine.
 */
public final class StoreThroughput {
    private static final int KEYS = 100_000;
    private static final String FENCE = "attribute_not_exists(#c) OR #c <= :n";

    private StoreThroughput() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "durable";
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        Path dir = Path.of(args.length > 2 ? args[2] : "target/throughput");
        StoreServer server;
        if (mode.equals("durable")) {
            Files.createDirectories(dir);
            server = StoreServer.start(0, Files.createTempDirectory(dir, "store"));
        } else {
            server = StoreServer.start(0);
        }
        try (server;
                DynamoDbAsyncClient client = client(server.endpoint())) {
            for (String t : List.of("puts", "batches")) {
                client.createTable(
                                b ->
                                        b.tableName(t)
                                                .billingMode(BillingMode.PAY_PER_REQUEST)
                                                .attributeDefinitions(
                                                        a ->
                                                                a.attributeName("k")
                                                                        .attributeType(
                                                                                ScalarAttributeType
                                                                                        .S))
                                                .keySchema(
                                                        k ->
                                                                k.attributeName("k")
                                                                        .keyType(KeyType.HASH)))
                        .join();
            }
            AtomicLong n = new AtomicLong();
            run(client, 64, Math.min(5, seconds / 4), n, StoreThroughput::put); // warm-up
            double puts = run(client, 64, seconds, n, StoreThroughput::put);
            run(client, 8, Math.min(5, seconds / 4), n, StoreThroughput::batch);
            double batches = run(client, 8, seconds, n, StoreThroughput::batch);
            System.out.printf(
                    Locale.ROOT,
                    "%s: conditional PutItem (64 in flight) %.0f items/s;"
                            + " BatchWriteItem of 25 (8 in flight) %.0f items/s%n",
                    mode,
                    puts,
                    batches);
        }
    }

    /** One request; completes with the number of items it wrote. */
    private interface Request {
        CompletableFuture<Integer> send(DynamoDbAsyncClient client, long n);
    }

    private static double run(
            DynamoDbAsyncClient client, int inFlight, double seconds, AtomicLong n, Request r)
            throws InterruptedException {
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong items = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            slots.acquire();
            r.send(client, n.incrementAndGet())
                    .whenComplete(
                            (written, error) -> {
                                if (error == null) {
                                    items.addAndGet(written);
                                } else {
                                    failures.incrementAndGet();
                                }
                                slots.release();
                            });
        }
        slots.acquire(inFlight);
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            System.out.println("  (" + failures.get() + " requests failed)");
        }
        return items.get() / elapsed;
    }

    private static CompletableFuture<Integer> put(DynamoDbAsyncClient client, long n) {
        String key = "word-" + (n % KEYS);
        return client.putItem(
                        b ->
                                b.tableName("puts")
                                        .item(
                                                Map.of(
                                                        "k", AttributeValue.fromS(key),
                                                        "c", AttributeValue.fromN(Long.toString(n)),
                                                        "w",
                                                                AttributeValue.fromS(
                                                                        "window-2026-12-07T21:00")))
                                        .conditionExpression(FENCE)
                                        .expressionAttributeNames(Map.of("#c", "c"))
                                        .expressionAttributeValues(
                                                Map.of(
                                                        ":n",
                                                        AttributeValue.fromN(Long.toString(n)))))
                .thenApply(response -> 1);
    }

    private static CompletableFuture<Integer> batch(DynamoDbAsyncClient client, long n) {
        List<WriteRequest> puts = new ArrayList<>(25);
        for (int i = 0; i < 25; i++) {
            String key = "word-" + ((n * 25 + i) % KEYS);
            puts.add(
                    WriteRequest.builder()
                            .putRequest(
                                    PutRequest.builder()
                                            .item(
                                                    Map.of(
                                                            "k", AttributeValue.fromS(key),
                                                            "c",
                                                                    AttributeValue.fromN(
                                                                            Long.toString(n))))
                                            .build())
                            .build());
        }
        return client.batchWriteItem(b -> b.requestItems(Map.of("batches", puts)))
                .thenApply(response -> 25 - response.unprocessedItems().size());
    }

    private static DynamoDbAsyncClient client(URI endpoint) {
        return DynamoDbAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .httpClientBuilder(
                        NettyNioAsyncHttpClient.builder()
                                .maxConcurrency(64)
                                .connectionAcquisitionTimeout(Duration.ofSeconds(60)))
                .build();
    }
}
