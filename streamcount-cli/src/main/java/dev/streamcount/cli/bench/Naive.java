package dev.streamcount.cli.bench;

import dev.streamcount.cli.ReferenceWordCount;
import dev.streamcount.cli.TableMatch;
import dev.streamcount.job.count.Tokenizer;
import dev.streamcount.job.sink.WordCountItem;
import dev.streamcount.job.sink.WordCountTable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What people hand-write: a consumer that sends {@code UpdateItem ADD count :n} for every word of
 * every record, one request at a time, on a prefix of the input.
 */
final class Naive implements Phase {

    static final String NAME = "naive";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean checked() {
        return true;
    }

    @Override
    public BenchResult run(BenchContext bench) throws Exception {
        String table = "bench_naive";
        WordCountTable.ensure(bench.client(), table);
        ReferenceWordCount reference = new ReferenceWordCount();
        long itemsBefore = DynamoDbWriteMeter.items();
        long started;
        long words = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = bench.consumer("bench-naive")) {
            List<TopicPartition> partitions = bench.partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            started = System.nanoTime();
            Map<String, long[]> perRecord = new HashMap<>();
            Tokenizer.Listener listener =
                    new Tokenizer.Listener() {
                        @Override
                        public void word(String word) {
                            perRecord.computeIfAbsent(word, w -> new long[1])[0]++;
                        }

                        @Override
                        public void oversizeWord(int utf8Bytes, String word) {}
                    };
            while (words < bench.setup().naiveWords()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (words >= bench.setup().naiveWords()) {
                        break;
                    }
                    reference.add(r.value());
                    Tokenizer.tokenize(r.value(), listener);
                    for (Map.Entry<String, long[]> e : perRecord.entrySet()) {
                        bench.client()
                                .updateItem(
                                        b ->
                                                b.tableName(table)
                                                        .key(
                                                                Map.of(
                                                                        WordCountItem.KEY,
                                                                        AttributeValue.fromS(
                                                                                e.getKey())))
                                                        .updateExpression("ADD #c :n")
                                                        .expressionAttributeNames(
                                                                Map.of("#c", WordCountItem.COUNT))
                                                        .expressionAttributeValues(
                                                                Map.of(
                                                                        ":n",
                                                                        AttributeValue.fromN(
                                                                                Long.toString(
                                                                                        e.getValue()[
                                                                                                0])))));
                        words += e.getValue()[0];
                    }
                    perRecord.clear();
                }
            }
        }
        double s = BenchContext.seconds(started);
        long items = DynamoDbWriteMeter.items() - itemsBefore;
        String rate = BenchContext.writeRate(items, started, System.nanoTime());
        List<String> diffs =
                TableMatch.differences(
                        reference.counts(), WordCountTable.scanAll(bench.client(), table));
        bench.client().deleteTable(b -> b.tableName(table));
        return new BenchResult(
                "naive",
                words,
                s,
                items,
                0,
                0,
                null,
                diffs.isEmpty() ? BenchResult.VERIFIED : TableMatch.summary(diffs),
                String.format(
                        "first %,d words only; UpdateItem ADD per word, 1 in flight; %s",
                        words, rate));
    }
}
