package dev.streamcount.cli.bench;

import dev.streamcount.job.sink.WordCountItem;
import dev.streamcount.job.sink.WordCountTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The store's ceiling for one shape of write, several requests in flight, new items: items/s. The
 * shapes are what a committer could send: {@code BatchWriteItem} of 25 (unconditional), {@code
 * PutItem} with the "never lower a total" condition, one item each, and {@code TransactWriteItems}
 * of 100 conditional puts.
 */
final class DynamoDbCeiling implements Phase {

    enum Shape {
        BATCH("dynamodb-ceiling", WordCountItem.MAX_BATCH_ITEMS),
        CONDITIONAL_PUT("dynamodb-ceiling-put", 1),
        CONDITIONAL_TRANSACT("dynamodb-ceiling-transact", 100);

        final String phase;
        final int itemsPerRequest;

        Shape(String phase, int itemsPerRequest) {
            this.phase = phase;
            this.itemsPerRequest = itemsPerRequest;
        }
    }

    private final Shape shape;

    DynamoDbCeiling(Shape shape) {
        this.shape = shape;
    }

    @Override
    public String name() {
        return shape.phase;
    }

    @Override
    public BenchResult run(BenchContext bench) throws Exception {
        String table = "bench_" + shape.phase.replace('-', '_');
        WordCountTable.ensure(bench.client(), table);
        int n = bench.setup().ceilingItems();
        List<List<String>> requests = new ArrayList<>();
        for (int i = 0; i < n; i += shape.itemsPerRequest) {
            List<String> words = new ArrayList<>(shape.itemsPerRequest);
            for (int j = i; j < Math.min(n, i + shape.itemsPerRequest); j++) {
                words.add("ceiling" + j);
            }
            requests.add(words);
        }
        long itemsBefore = DynamoDbWriteMeter.items();
        ExecutorService pool = Executors.newFixedThreadPool(bench.setup().ceilingInFlight());
        long started = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<String> words : requests) {
                futures.add(pool.submit(() -> write(bench.client(), table, words)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double s = BenchContext.seconds(started);
        long items = DynamoDbWriteMeter.items() - itemsBefore;
        int stored = WordCountTable.scanAll(bench.client(), table).size();
        bench.client().deleteTable(b -> b.tableName(table));
        BenchContext.check(
                stored == n,
                shape.phase + ": the table holds " + stored + " items, " + n + " were written");
        return new BenchResult(
                shape.phase,
                0,
                s,
                items,
                0,
                0,
                null,
                "-",
                String.format(
                        "%d requests of %d in flight; %s",
                        bench.setup().ceilingInFlight(),
                        shape.itemsPerRequest,
                        BenchContext.writeRate(items, started, System.nanoTime())));
    }

    private Void write(DynamoDbClient client, String table, List<String> words) {
        switch (shape) {
            case BATCH -> {
                List<WriteRequest> batch = new ArrayList<>(words.size());
                for (String w : words) {
                    batch.add(WordCountItem.put(w, 1));
                }
                Map<String, List<WriteRequest>> request = Map.of(table, batch);
                while (!request.isEmpty()) {
                    Map<String, List<WriteRequest>> current = request;
                    BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(current));
                    request = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
                }
            }
            case CONDITIONAL_PUT -> {
                for (String w : words) {
                    client.putItem(
                            b ->
                                    b.tableName(table)
                                            .item(WordCountItem.of(w, 1))
                                            .conditionExpression(WordCountItem.NOT_LOWER)
                                            .expressionAttributeNames(WordCountItem.NOT_LOWER_NAMES)
                                            .expressionAttributeValues(
                                                    Map.of(":n", AttributeValue.fromN("1"))));
                }
            }
            case CONDITIONAL_TRANSACT -> {
                List<TransactWriteItem> puts = new ArrayList<>(words.size());
                for (String w : words) {
                    puts.add(
                            TransactWriteItem.builder()
                                    .put(
                                            Put.builder()
                                                    .tableName(table)
                                                    .item(WordCountItem.of(w, 1))
                                                    .conditionExpression(WordCountItem.NOT_LOWER)
                                                    .expressionAttributeNames(
                                                            WordCountItem.NOT_LOWER_NAMES)
                                                    .expressionAttributeValues(
                                                            Map.of(":n", AttributeValue.fromN("1")))
                                                    .build())
                                    .build());
                }
                client.transactWriteItems(b -> b.transactItems(puts));
            }
        }
        return null;
    }
}
