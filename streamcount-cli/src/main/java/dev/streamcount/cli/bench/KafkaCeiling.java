package dev.streamcount.cli.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** A plain consumer reading the whole topic, doing nothing with the records. */
final class KafkaCeiling implements Phase {

    static final String NAME = "kafka-ceiling";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public BenchResult run(BenchContext bench) {
        long records = 0;
        long bytes = 0;
        long started;
        try (KafkaConsumer<byte[], byte[]> consumer = bench.consumer("bench-kafka-ceiling")) {
            List<TopicPartition> partitions = bench.partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            started = System.nanoTime();
            while (!BenchContext.reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    records++;
                    bytes += r.value() == null ? 0 : r.value().length;
                }
            }
        }
        double s = BenchContext.seconds(started);
        BenchContext.check(
                records == bench.setup().input().records(),
                "kafka-ceiling read "
                        + records
                        + " records, expected "
                        + bench.setup().input().records());
        return new BenchResult(
                "kafka-ceiling",
                bench.setup().input().words(),
                s,
                -1,
                0,
                0,
                null,
                "-",
                String.format("%,.0f records/s, %.1f MB/s", records / s, bytes / s / 1e6));
    }
}
