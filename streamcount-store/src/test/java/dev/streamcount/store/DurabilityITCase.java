package dev.streamcount.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A kill -9 storm: a store in a child JVM takes fenced conditional writes, batches and transactions
 * of 100 fenced puts (the exactly-once committer's write) from 8 threads and is killed with SIGKILL
 * while they are in flight, three times. After each kill the store is started again on the same
 * data directory, and every acknowledged write must be there with a value at least the acknowledged
 * one, and no value that was never sent.
 */
class DurabilityITCase {
    private static final int WRITERS = 8;
    private static final int KEYS_PER_WRITER = 16;
    private static final int KILLS = 3;

    /** Acknowledged writes per round before the kill: enough that many commits are in play. */
    private static final long ACKED_BEFORE_KILL = 30_000;

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String COUNTS = "counts";
    private static final String BATCHES = "batches";
    private static final String TRANSACTIONS = "transactions";
    private static final String FENCE = "attribute_not_exists(#c) OR #c <= :n";

    @TempDir Path dataDir;

    private Process child;

    /** Per key: the highest acknowledged value, and every value ever sent. */
    private final Map<String, Long> acked = new ConcurrentHashMap<>();

    private final Map<String, Set<Long>> sent = new ConcurrentHashMap<>();

    /** Per key: the highest value a read was answered with. */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesKill9() throws Exception {
        URI endpoint = startChild();
        try (DynamoDbClient client = client(endpoint)) {
            Tables.createNamed(client, COUNTS, "k", ScalarAttributeType.S);
            Tables.createNamed(client, BATCHES, "k", ScalarAttributeType.S);
            Tables.createNamed(client, TRANSACTIONS, "k", ScalarAttributeType.S);
        }
        // Each writer's own counter: strictly increasing across rounds, so its fence always holds.
        long[] next = new long[WRITERS];
        for (int round = 1; round <= KILLS; round++) {
            AtomicLong ackedThisRound = new AtomicLong();
            AtomicLong connectionErrors = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean killed = new AtomicBoolean();
            List<String> unexpected = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
            List<Future<?>> writers = new ArrayList<>();
            try (DynamoDbClient client = client(endpoint)) {
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(
                            pool.submit(
                                    () ->
                                            write(
                                                    client,
                                                    writer,
                                                    next,
                                                    stop,
                                                    killed,
                                                    ackedThisRound,
                                                    connectionErrors,
                                                    unexpected)));
                }
                Future<?> reads = pool.submit(() -> read(client, stop, killed, unexpected));
                awaitAtLeast(ackedThisRound, ACKED_BEFORE_KILL, writers);
                long ackedAtKill = ackedThisRound.get();
                killed.set(true);
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child died").isTrue();
                stop.set(true);
                for (Future<?> f : writers) {
                    f.get(60, TimeUnit.SECONDS);
                }
                reads.get(60, TimeUnit.SECONDS);
                pool.shutdown();
                synchronized (unexpected) {
                    assertThat(unexpected).as("unexpected failures").isEmpty();
                }
                // The fault fired while writes were in flight, after many were acknowledged.
                assertThat(connectionErrors.get())
                        .as(
                                "requests failed by the kill in round %d (test ineffective if 0)",
                                round)
                        .isPositive();
                assertThat(ackedAtKill).isGreaterThanOrEqualTo(ACKED_BEFORE_KILL);
            }
            endpoint = startChild();
            try (DynamoDbClient client = client(endpoint)) {
                verify(client, round);
            }
        }
    }

    private void write(
            DynamoDbClient client,
            int writer,
            long[] next,
            AtomicBoolean stop,
            AtomicBoolean killed,
            AtomicLong ackedThisRound,
            AtomicLong connectionErrors,
            List<String> unexpected) {
        int op = 0;
        while (!stop.get()) {
            long n = ++next[writer];
            op++;
            try {
                if (op % 4 == 3) {
                    transaction(client, writer, n, killed, ackedThisRound);
                } else if (op % 4 == 2) {
                    batch(client, writer, n, killed, ackedThisRound);
                } else {
                    String key = "w" + writer + "-" + (n % KEYS_PER_WRITER);
                    sent(key, n);
                    Map<String, String> names = Map.of("#c", "c");
                    Map<String, AttributeValue> values = Map.of(":n", num(n));
                    if (op % 4 == 0) {
                        client.putItem(
                                b ->
                                        b.tableName(COUNTS)
                                                .item(Map.of("k", str(key), "c", num(n)))
                                                .conditionExpression(FENCE)
                                                .expressionAttributeNames(names)
                                                .expressionAttributeValues(values));
                    } else {
                        client.updateItem(
                                b ->
                                        b.tableName(COUNTS)
                                                .key(Map.of("k", str(key)))
                                                .updateExpression("SET #c = :n")
                                                .conditionExpression(FENCE)
                                                .expressionAttributeNames(names)
                                                .expressionAttributeValues(values));
                    }
                    acknowledged(COUNTS + "/" + key, n, killed, ackedThisRound);
                }
            } catch (SdkClientException e) {
                if (!killed.get()) {
                    record(unexpected, "writer " + writer + " before the kill: " + e);
                    return;
                }
                connectionErrors.incrementAndGet();
            } catch (RuntimeException e) {
                record(unexpected, "writer " + writer + ": " + e);
                return;
            }
        }
    }

    private void batch(
            DynamoDbClient client,
            int writer,
            long n,
            AtomicBoolean killed,
            AtomicLong ackedThisRound) {
        List<WriteRequest> puts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String key = "w" + writer + "-b" + i;
            keys.add(key);
            sent(key, n);
            puts.add(
                    WriteRequest.builder()
                            .putRequest(
                                    PutRequest.builder()
                                            .item(Map.of("k", str(key), "c", num(n)))
                                            .build())
                            .build());
        }
        BatchWriteItemResponse response =
                client.batchWriteItem(b -> b.requestItems(Map.of(BATCHES, puts)));
        assertThat(response.unprocessedItems()).isEmpty();
        for (String key : keys) {
            acknowledged(BATCHES + "/" + key, n, killed, ackedThisRound);
        }
    }

    /**
     * Scans the tables over and over, as a reader of the counts does, and records the highest value
     * of each key it was answered with: a read must not show what a kill can take back.
     */
    private void read(
            DynamoDbClient client,
            AtomicBoolean stop,
            AtomicBoolean killed,
            List<String> unexpected) {
        while (!stop.get()) {
            try {
                for (String table : List.of(COUNTS, TRANSACTIONS)) {
                    client.scanPaginator(b -> b.tableName(table))
                            .items()
                            .forEach(
                                    item ->
                                            seen.merge(
                                                    table + "/" + item.get("k").s(),
                                                    Long.parseLong(item.get("c").n()),
                                                    Math::max));
                }
            } catch (SdkClientException e) {
                if (!killed.get()) {
                    record(unexpected, "reader before the kill: " + e);
                    return;
                }
            } catch (RuntimeException e) {
                record(unexpected, "reader: " + e);
                return;
            }
        }
    }

    /**
     * The exactly-once committer's write: a transaction of 100 fenced puts, most of them of keys
     * never written before.
     */
    private void transaction(
            DynamoDbClient client,
            int writer,
            long n,
            AtomicBoolean killed,
            AtomicLong ackedThisRound) {
        List<TransactWriteItem> puts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // Every fourth key is rewritten by each transaction of this writer; the rest are new.
            String key = i % 4 == 0 ? "w" + writer + "-hot" + i : "w" + writer + "-" + n + "-" + i;
            keys.add(key);
            sent(key, n);
            puts.add(
                    TransactWriteItem.builder()
                            .put(
                                    Put.builder()
                                            .tableName(TRANSACTIONS)
                                            .item(Map.of("k", str(key), "c", num(n)))
                                            .conditionExpression(FENCE)
                                            .expressionAttributeNames(Map.of("#c", "c"))
                                            .expressionAttributeValues(Map.of(":n", num(n)))
                                            .build())
                            .build());
        }
        client.transactWriteItems(b -> b.transactItems(puts));
        for (String key : keys) {
            acknowledged(TRANSACTIONS + "/" + key, n, killed, ackedThisRound);
        }
    }

    private void sent(String key, long n) {
        sent.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(n);
    }

    private void acknowledged(
            String tableKey, long n, AtomicBoolean killed, AtomicLong ackedThisRound) {
        acked.merge(tableKey, n, Math::max);
        if (!killed.get()) {
            ackedThisRound.incrementAndGet();
        }
    }

    private static void record(List<String> unexpected, String failure) {
        synchronized (unexpected) {
            unexpected.add(failure);
        }
    }

    /** After a restart: every acknowledged value is there or bettered, and nothing unsent. */
    private void verify(DynamoDbClient client, int round) {
        assertThat(client.listTables().tableNames()).contains(BATCHES, COUNTS, TRANSACTIONS);
        Map<String, Long> stored = new HashMap<>();
        for (String table : List.of(COUNTS, BATCHES, TRANSACTIONS)) {
            client.scanPaginator(b -> b.tableName(table).consistentRead(true))
                    .items()
                    .forEach(
                            item ->
                                    stored.put(
                                            table + "/" + item.get("k").s(),
                                            Long.parseLong(item.get("c").n())));
        }
        List<String> lost = new ArrayList<>();
        acked.forEach(
                (key, value) -> {
                    Long found = stored.get(key);
                    if (found == null || found < value) {
                        lost.add(key + " acknowledged " + value + ", found " + found);
                    }
                });
        assertThat(lost).as("acknowledged writes lost by kill %d", round).isEmpty();
        List<String> unseen = new ArrayList<>();
        seen.forEach(
                (key, value) -> {
                    Long found = stored.get(key);
                    if (found == null || found < value) {
                        unseen.add(key + " read as " + value + ", found " + found);
                    }
                });
        assertThat(unseen).as("values read before kill %d, lost by it", round).isEmpty();
        List<String> invented = new ArrayList<>();
        stored.forEach(
                (key, value) -> {
                    Set<Long> values = sent.get(key.substring(key.indexOf('/') + 1));
                    if (values == null || !values.contains(value)) {
                        invented.add(key + " = " + value);
                    }
                });
        assertThat(invented).as("values never sent, after kill %d", round).isEmpty();
    }

    private static void awaitAtLeast(AtomicLong counter, long target, List<Future<?>> writers)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (counter.get() < target) {
            for (Future<?> f : writers) {
                if (f.isDone()) {
                    throw new AssertionError(
                            "A writer stopped before the kill after " + counter.get() + " acks");
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "Expected "
                                + target
                                + " acknowledged writes within "
                                + DEADLINE
                                + ", saw "
                                + counter.get());
            }
            // Polling the counter; a writer acknowledges many writes per millisecond.
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /** Starts {@code StoreMain} on {@link #dataDir} in a child JVM; returns its endpoint. */
    private URI startChild() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder =
                new ProcessBuilder(
                        java,
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        StoreMain.class.getName(),
                        "--port",
                        "0",
                        "--data-dir",
                        dataDir.toString());
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        child = builder.start();
        CompletableFuture<URI> endpoint = new CompletableFuture<>();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader out =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    child.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = out.readLine()) != null) {
                                    int at = line.indexOf("http://");
                                    if (line.startsWith("streamcount-store listening on")
                                            && at > 0) {
                                        endpoint.complete(
                                                URI.create(line.substring(at).split(" ")[0]));
                                    }
                                }
                                endpoint.completeExceptionally(
                                        new AssertionError("The store exited before listening"));
                            } catch (IOException e) {
                                endpoint.completeExceptionally(e);
                            }
                        },
                        "store-child-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return endpoint.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("The store in the child JVM did not start: " + e, e);
        }
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                // A retry after the kill would only blur which request the kill failed.
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build();
    }

    private static AttributeValue str(String s) {
        return AttributeValue.fromS(s);
    }

    private static AttributeValue num(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
