package dev.streamcount.cli.bench;

import dev.streamcount.job.sink.WordCountItem;
import dev.streamcount.job.sink.WordCountTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Raw BatchWriteItem of 25 new items per request, several requests in flight: items/s. */
final class DynamoDbCeiling implements Phase {

    static final String NAME = "dynamodb-ceiling";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public BenchResult run(BenchContext bench) throws Exception {
        String table = "bench_dynamodb_ceiling";
        WordCountTable.ensure(bench.client(), table);
        int n = bench.setup().ceilingItems();
        List<List<WriteRequest>> batches = new ArrayList<>();
        for (int i = 0; i < n; i += 25) {
            List<WriteRequest> batch = new ArrayList<>(25);
            for (int j = i; j < Math.min(n, i + 25); j++) {
                batch.add(
                        WriteRequest.builder()
                                .putRequest(
                                        PutRequest.builder()
                                                .item(
                                                        Map.of(
                                                                WordCountItem.KEY,
                                                                        AttributeValue.fromS(
                                                                                "ceiling" + j),
                                                                WordCountItem.COUNT,
                                                                        AttributeValue.fromN(
                                                                                Long.toString(j))))
                                                .build())
                                .build());
            }
            batches.add(batch);
        }
        long itemsBefore = DynamoDbWriteMeter.items();
        ExecutorService pool = Executors.newFixedThreadPool(bench.setup().ceilingInFlight());
        long started = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<WriteRequest> batch : batches) {
                futures.add(pool.submit(() -> writeAll(bench, table, batch)));
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
                "dynamodb-ceiling: the table holds " + stored + " items, " + n + " were written");
        return new BenchResult(
                "dynamodb-ceiling",
                0,
                s,
                items,
                0,
                0,
                null,
                "-",
                String.format(
                        "%d requests in flight; %s",
                        bench.setup().ceilingInFlight(),
                        BenchContext.writeRate(items, started, System.nanoTime())));
    }

    private static Void writeAll(BenchContext bench, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> request = Map.of(table, batch);
        while (!request.isEmpty()) {
            Map<String, List<WriteRequest>> current = request;
            BatchWriteItemResponse r = bench.client().batchWriteItem(b -> b.requestItems(current));
            request = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
        }
        return null;
    }
}
