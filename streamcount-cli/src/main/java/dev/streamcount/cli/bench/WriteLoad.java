package dev.streamcount.cli.bench;

import dev.streamcount.job.sink.WordCountItem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One store ceiling measurement: new items written in one write shape through the SDK's async
 * client (Netty, {@code maxConcurrency} = requests in flight) for a warm-up and then a measured
 * window, every item read back afterwards.
 */
final class WriteLoad {

    /** The write shapes a committer could send, each with its requests in flight. */
    enum Shape {
        PUT("put", "PutItem, fenced, 1 item", 1, 64),
        BATCH("batch", "BatchWriteItem of 25", WordCountItem.MAX_BATCH_ITEMS, 8),
        TRANSACT("transact", "TransactWriteItems of 100 fenced puts", 100, 4),
        UPDATE("update", "UpdateItem SET, fenced, 1 item", 1, 64);

        final String id;
        final String description;
        final int itemsPerRequest;
        final int inFlight;

        Shape(String id, String description, int itemsPerRequest, int inFlight) {
            this.id = id;
            this.description = description;
            this.itemsPerRequest = itemsPerRequest;
            this.inFlight = inFlight;
        }

        static Shape named(String id) {
            for (Shape s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            return null;
        }
    }

    /**
     * What one measurement found.
     *
     * @param itemsPerSecond items acknowledged inside the measured window, per second of it
     * @param p50Micros median latency of the requests sent inside the window
     * @param p99Micros 99th percentile of the same
     * @param written every item acknowledged, warm-up included
     * @param verified whether a consistent scan afterwards found exactly the acknowledged items,
     *     each with its written total
     */
    record Result(
            double itemsPerSecond,
            long p50Micros,
            long p99Micros,
            long written,
            boolean verified) {}

    private static final Map<String, AttributeValue> ONE = Map.of(":n", AttributeValue.fromN("1"));
    private static final String SET_COUNT = "SET #c = :n";

    private final Shape shape;
    private final String table;

    WriteLoad(Shape shape, String table) {
        this.shape = shape;
        this.table = table;
    }

    /** An async client for {@code endpoint} with exactly {@code inFlight} connections. */
    static DynamoDbAsyncClient asyncClient(URI endpoint, int inFlight) {
        return DynamoDbAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClientBuilder(
                        NettyNioAsyncHttpClient.builder()
                                .maxConcurrency(inFlight)
                                .connectionTimeout(Duration.ofSeconds(5))
                                .readTimeout(Duration.ofSeconds(60)))
                // A retry would hide a failure and slow the run without showing why.
                .overrideConfiguration(
                        ClientOverrideConfiguration.builder()
                                .retryPolicy(RetryPolicy.none())
                                .apiCallTimeout(Duration.ofSeconds(60))
                                .build())
                .build();
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
    }

    /** Writes for {@code warmup}, then measures for {@code measured}, then verifies. */
    Result run(
            DynamoDbAsyncClient client, DynamoDbClient reader, Duration warmup, Duration measured)
            throws InterruptedException {
        Semaphore slots = new Semaphore(shape.inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong inWindow = new AtomicLong();
        Latencies latencies = new Latencies();
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + measured.toNanos();
        int next = 0;
        while (failure.get() == null) {
            slots.acquire();
            long sent = System.nanoTime();
            if (sent >= windowEnd) {
                slots.release();
                break;
            }
            int first = next;
            next += shape.itemsPerRequest;
            send(client, first)
                    .whenComplete(
                            (ignored, error) -> {
                                long done = System.nanoTime();
                                if (error != null) {
                                    failure.compareAndSet(null, error);
                                } else {
                                    acknowledged.addAndGet(shape.itemsPerRequest);
                                    if (done >= windowStart && done < windowEnd) {
                                        inWindow.addAndGet(shape.itemsPerRequest);
                                    }
                                    if (sent >= windowStart) {
                                        latencies.add(done - sent);
                                    }
                                }
                                slots.release();
                            });
        }
        slots.acquire(shape.inFlight); // every request answered
        if (failure.get() != null) {
            throw new IllegalStateException(
                    shape.description + " failed: " + failure.get(), failure.get());
        }
        long[] sorted = latencies.sorted();
        return new Result(
                inWindow.get() / (measured.toNanos() / 1e9),
                percentile(sorted, 50) / 1000,
                percentile(sorted, 99) / 1000,
                acknowledged.get(),
                verify(reader, next, acknowledged.get()));
    }

    /** One request: items {@code first} ... {@code first + itemsPerRequest - 1}. */
    private CompletableFuture<?> send(DynamoDbAsyncClient client, int first) {
        switch (shape) {
            case PUT:
                return client.putItem(
                        b ->
                                b.tableName(table)
                                        .item(WordCountItem.of(word(first), 1))
                                        .conditionExpression(WordCountItem.NOT_LOWER)
                                        .expressionAttributeNames(WordCountItem.NOT_LOWER_NAMES)
                                        .expressionAttributeValues(ONE));
            case UPDATE:
                return client.updateItem(
                        b ->
                                b.tableName(table)
                                        .key(WordCountItem.key(word(first)))
                                        .updateExpression(SET_COUNT)
                                        .conditionExpression(WordCountItem.NOT_LOWER)
                                        .expressionAttributeNames(WordCountItem.NOT_LOWER_NAMES)
                                        .expressionAttributeValues(ONE));
            case BATCH:
                List<WriteRequest> batch = new ArrayList<>(shape.itemsPerRequest);
                for (int i = first; i < first + shape.itemsPerRequest; i++) {
                    batch.add(WordCountItem.put(word(i), 1));
                }
                return batchUntilProcessed(client, Map.of(table, batch));
            default:
                List<TransactWriteItem> puts = new ArrayList<>(shape.itemsPerRequest);
                for (int i = first; i < first + shape.itemsPerRequest; i++) {
                    Put put =
                            Put.builder()
                                    .tableName(table)
                                    .item(WordCountItem.of(word(i), 1))
                                    .conditionExpression(WordCountItem.NOT_LOWER)
                                    .expressionAttributeNames(WordCountItem.NOT_LOWER_NAMES)
                                    .expressionAttributeValues(ONE)
                                    .build();
                    puts.add(TransactWriteItem.builder().put(put).build());
                }
                return client.transactWriteItems(b -> b.transactItems(puts));
        }
    }

    /** A batch, and again what it returns unprocessed, until nothing is. */
    private static CompletableFuture<BatchWriteItemResponse> batchUntilProcessed(
            DynamoDbAsyncClient client, Map<String, List<WriteRequest>> items) {
        return client.batchWriteItem(b -> b.requestItems(items))
                .thenCompose(
                        r ->
                                r.hasUnprocessedItems() && !r.unprocessedItems().isEmpty()
                                        ? batchUntilProcessed(client, r.unprocessedItems())
                                        : CompletableFuture.completedFuture(r));
    }

    private static String word(int i) {
        return "ceiling" + i;
    }

    /** A consistent scan must find exactly items 0 ... sent - 1, each with total 1. */
    private boolean verify(DynamoDbClient reader, int sent, long acknowledged) {
        if (acknowledged != sent) {
            return false;
        }
        BitSet seen = new BitSet(sent);
        long[] found = {0};
        boolean[] wrong = {false};
        reader.scanPaginator(b -> b.tableName(table).consistentRead(true))
                .items()
                .forEach(
                        item -> {
                            found[0]++;
                            String w = WordCountItem.word(item);
                            int i = Integer.parseInt(w.substring("ceiling".length()));
                            if (i >= sent || seen.get(i) || WordCountItem.total(item) != 1) {
                                wrong[0] = true;
                            }
                            seen.set(i);
                        });
        return !wrong[0] && found[0] == sent && seen.cardinality() == sent;
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        // Nearest rank.
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Request latencies in nanoseconds, added from the SDK's completion threads. */
    private static final class Latencies {
        private final ReentrantLock lock = new ReentrantLock();
        private long[] values = new long[1 << 16];
        private int size;

        void add(long nanos) {
            lock.lock();
            try {
                if (size == values.length) {
                    values = Arrays.copyOf(values, size * 2);
                }
                values[size++] = nanos;
            } finally {
                lock.unlock();
            }
        }

        long[] sorted() {
            lock.lock();
            try {
                long[] copy = Arrays.copyOf(values, size);
                Arrays.sort(copy);
                return copy;
            } finally {
                lock.unlock();
            }
        }
    }
}
