package dev.streamcount.job.count;

import dev.streamcount.job.kafka.KafkaRecord;
import dev.streamcount.job.metrics.StreamCountMetrics;
import java.time.Duration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits each record value into words with {@link Tokenizer} and pre-aggregates them across records
 * before the {@code keyBy}: a word seen n times since the last emission goes downstream once, as
 * {@code (word, n)}. Under a Zipf vocabulary most words are a few frequent ones, so this removes
 * most of the records the shuffle and the keyed state would otherwise handle.
 *
 * <p>The pending counts are flushed when the combine interval elapses, before a checkpoint barrier
 * passes and at the end of a bounded input ({@link FlushingOperator}: that keeps this exact with no
 * state of its own), and when {@value #MAX_PENDING} distinct words are pending (bounding memory).
 *
 * <p>Nothing here fails the job: one bad record must never stop it. Empty and tombstone records are
 * skipped; oversize words are not counted. Both are counted in metrics and sent to the {@link
 * #DEAD_LETTERS} side output with their origin and reason. Malformed UTF-8 is decoded with U+FFFD
 * (the valid words around it still count) and counted in {@code recordsMalformedUtf8}.
 */
public class TokenizeOperator extends FlushingOperator<KafkaRecord>
        implements Tokenizer.OversizeListener {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TokenizeOperator.class);

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    /** Distinct pending words that force an emission, bounding the combiner's memory. */
    static final int MAX_PENDING = 16_384;

    private transient WordCounts pending;
    private transient char[] buffer;
    private transient KafkaRecord current;
    private transient StreamRecord<WordCount> reuse;
    private transient Counter recordsIn;
    private transient Counter recordsSkipped;
    private transient Counter recordsMalformedUtf8;
    private transient Counter wordsCounted;
    private transient Counter wordsOversize;

    /**
     * @param combineInterval how long counts may be combined before they are emitted; zero emits
     *     each record's counts at once
     */
    public TokenizeOperator(Duration combineInterval) {
        super(combineInterval.toMillis());
    }

    @Override
    public void open() throws Exception {
        pending = new WordCounts(1024);
        buffer = new char[Tokenizer.MAX_WORD_UTF8_BYTES];
        reuse = new StreamRecord<>(null);
        MetricGroup metrics = StreamCountMetrics.of(getMetricGroup());
        recordsIn = metrics.counter("recordsIn");
        recordsSkipped = metrics.counter("recordsSkipped");
        recordsMalformedUtf8 = metrics.counter("recordsMalformedUtf8");
        wordsCounted = metrics.counter("wordsCounted");
        wordsOversize = metrics.counter("wordsOversize");
        super.open();
    }

    @Override
    public void processElement(StreamRecord<KafkaRecord> element) {
        KafkaRecord record = element.getValue();
        recordsIn.inc();
        if (record.value == null || record.value.length == 0) {
            recordsSkipped.inc();
            deadLetter(
                    new DeadLetter(
                            record,
                            record.value == null ? DeadLetter.TOMBSTONE : DeadLetter.EMPTY));
            return;
        }
        current = record;
        if (Tokenizer.tokenize(record.value, pending, buffer, this)) {
            recordsMalformedUtf8.inc();
        }
        current = null;
        if (intervalMillis == 0 || pending.size() >= MAX_PENDING) {
            flush();
        }
    }

    @Override
    public void oversizeWord(int utf8Bytes, String word) {
        wordsOversize.inc();
        LOG.warn(
                "Not counting a word of {} UTF-8 bytes at {}-{} offset {} (DynamoDB keys hold at"
                        + " most {}): {}...",
                utf8Bytes,
                current.topic,
                current.partition,
                current.offset,
                Tokenizer.MAX_WORD_UTF8_BYTES,
                word.substring(0, 16));
        deadLetter(new DeadLetter(current, DeadLetter.oversizeWord(utf8Bytes)));
    }

    private void deadLetter(DeadLetter letter) {
        output.collect(DEAD_LETTERS, new StreamRecord<>(letter));
    }

    @Override
    protected void flush() {
        pending.forEach(
                (word, n) -> {
                    wordsCounted.inc(n);
                    output.collect(reuse.replace(new WordCount(word, n)));
                });
        pending.clear();
    }
}
