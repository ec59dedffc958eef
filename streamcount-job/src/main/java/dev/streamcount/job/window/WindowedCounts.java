package dev.streamcount.job.window;

import dev.streamcount.job.config.Windowing;
import dev.streamcount.job.count.DeadLetter;
import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.kafka.KafkaRecord;
import dev.streamcount.job.metrics.StreamCountMetrics;
import dev.streamcount.job.sink.CountSink;
import dev.streamcount.job.top.TopSink;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The per-window branch of the dataflow: the tokenizer's per-window counts ({@code
 * TokenizeOperator.WINDOWED}, already combined per word and window, each stamped with its window's
 * start) summed per word in tumbling event-time windows, each firing emitted as the window's
 * absolute count under a {@link WindowKey} for the sink.
 *
 * <p>A window fires when the watermark passes its end, and again for each late count within the
 * allowed lateness, each time with its corrected absolute count; its state is dropped once the
 * lateness has passed too. The only state is Flink's window state: one {@code long} per word per
 * open window.
 */
public final class WindowedCounts {

    /** Counts the window operator itself found late: see {@link #lateAtWindow}. */
    static final OutputTag<WordCount> LATE = new OutputTag<>("late-at-window") {};

    private WindowedCounts() {}

    /**
     * Event time from the Kafka record timestamps, the watermark trailing the newest timestamp of
     * each partition by the max out-of-orderness; a partition quiet for the idle timeout stops
     * holding it back.
     */
    public static WatermarkStrategy<KafkaRecord> watermarks(Windowing windowing) {
        WatermarkStrategy<KafkaRecord> strategy =
                WatermarkStrategy.forBoundedOutOfOrderness(windowing.maxOutOfOrderness());
        return windowing.idleTimeout().isZero()
                ? strategy
                : strategy.withIdleness(windowing.idleTimeout());
    }

    /**
     * Adds the window operator on {@code counts}, and {@code sink} and the top lists of {@code top}
     * (if not null) after it.
     *
     * @return dead letters for counts the window operator found late
     */
    public static DataStream<DeadLetter> build(
            DataStream<WordCount> counts,
            Windowing windowing,
            String topic,
            CountSink sink,
            TopSink top) {
        Duration size = windowing.size();
        SingleOutputStreamOperator<WordCount> windows =
                counts.keyBy(wc -> wc.word, Types.STRING)
                        .window(TumblingEventTimeWindows.of(size))
                        .allowedLateness(windowing.allowedLateness())
                        .sideOutputLateData(LATE)
                        .aggregate(
                                new Sum(),
                                new Emit(),
                                Types.LONG,
                                Types.LONG,
                                TypeInformation.of(WordCount.class))
                        .name("window-count")
                        .uid("window-count");
        sink.addTo(windows);
        if (top != null) {
            top.addWindowsTo(windows, windowing);
        }
        return windows.getSideOutput(LATE)
                .map(new LateAtWindow(topic, size.toMillis()))
                .name("late-at-window")
                .uid("late-at-window");
    }

    /** Sums a word's counts in one window. */
    static final class Sum implements AggregateFunction<WordCount, Long, Long> {
        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(WordCount value, Long accumulator) {
            return accumulator + value.count;
        }

        @Override
        public Long getResult(Long accumulator) {
            return accumulator;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    /** Emits a firing as the window's absolute count, keyed by window start and word. */
    static final class Emit extends ProcessWindowFunction<Long, WordCount, String, TimeWindow> {
        @Override
        public void process(
                String word, Context context, Iterable<Long> sums, Collector<WordCount> out) {
            out.collect(
                    new WordCount(
                            WindowKey.of(context.window().getStart(), word),
                            sums.iterator().next()));
        }
    }

    /**
     * Counts the window operator dropped as late, as dead letters. The tokenizer reports late
     * records with their offsets; this catches what only the window operator can see: a partition
     * that comes back from idleness behind the others, whose windows the others' watermark has
     * already closed. Counted in {@code wordsLateAtWindow}.
     */
    static final class LateAtWindow extends RichMapFunction<WordCount, DeadLetter> {
        private final String topic;
        private final long sizeMillis;
        private transient Counter wordsLate;

        LateAtWindow(String topic, long sizeMillis) {
            this.topic = topic;
            this.sizeMillis = sizeMillis;
        }

        @Override
        public void open(OpenContext context) {
            wordsLate =
                    StreamCountMetrics.of(getRuntimeContext().getMetricGroup())
                            .counter("wordsLateAtWindow");
        }

        @Override
        public DeadLetter map(WordCount late) {
            wordsLate.inc(late.count);
            // The tokenizer stamped it with its window's start.
            return DeadLetter.lateAtWindow(topic, late.word, late.count, sizeMillis);
        }
    }
}
