package dev.streamcount.cli.bench;

import dev.streamcount.job.count.Tokenizer;
import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.kafka.KafkaRecord;
import dev.streamcount.job.metrics.StreamCountMetrics;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.Collector;

/**
 * The pipeline of the tutorial streamcount replaces, for the benchmark to compare against: each
 * word as {@code (word, 1)}, summed per word in 5-second tumbling event-time windows on the Kafka
 * record timestamps, and each window's count PUT by Flink's official DynamoDB sink in batches of
 * 20, overwriting by {@code word} (without that the batch fails with "Provided list of item keys
 * contains duplicates"), as {@code FlinkLine.tutorialSink} builds it. All other sink settings are
 * the connector's defaults.
 *
 * <p>Its table is wrong by design: every window overwrites a word's item with that window's count,
 * so the table ends up holding each word's count in the last window it appeared in.
 *
 * <p>One change from the tutorial: words are split by streamcount's {@link Tokenizer}, so both
 * pipelines count the same words and the comparison is about counting and writing, not splitting.
 */
final class TutorialPipeline {
    static final Duration WINDOW = Duration.ofSeconds(5);
    static final int BATCH_SIZE = 20;

    private TutorialPipeline() {}

    static void build(
            StreamExecutionEnvironment env,
            Source<KafkaRecord, ?, ?> source,
            Sink<WordCount> sink) {
        env.fromSource(
                        source,
                        WatermarkStrategy.<KafkaRecord>forBoundedOutOfOrderness(
                                        Duration.ofSeconds(1))
                                .withTimestampAssigner((record, kafkaTimestamp) -> kafkaTimestamp),
                        "kafka-source")
                .flatMap(new Split())
                .returns(Types.TUPLE(Types.STRING, Types.LONG))
                .keyBy(t -> t.f0, Types.STRING)
                .window(TumblingEventTimeWindows.of(WINDOW))
                .sum(1)
                .map(t -> new WordCount(t.f0, t.f1))
                .returns(WordCount.class)
                .sinkTo(sink);
    }

    /** Emits {@code (word, 1)} for every word, as the tutorial does. */
    static final class Split extends RichFlatMapFunction<KafkaRecord, Tuple2<String, Long>> {
        private transient Counter recordsIn;

        @Override
        public void open(OpenContext openContext) {
            // Same metric name as streamcount's tokenizer, so the benchmark sees when counting
            // starts.
            recordsIn =
                    getRuntimeContext()
                            .getMetricGroup()
                            .addGroup(StreamCountMetrics.GROUP)
                            .counter("recordsIn");
        }

        @Override
        public void flatMap(KafkaRecord record, Collector<Tuple2<String, Long>> out) {
            recordsIn.inc();
            if (record.value == null) {
                return;
            }
            Tokenizer.tokenize(
                    record.value,
                    new Tokenizer.Listener() {
                        @Override
                        public void word(String word) {
                            out.collect(Tuple2.of(word, 1L));
                        }

                        @Override
                        public void oversizeWord(int utf8Bytes, String word) {}
                    });
        }
    }
}
