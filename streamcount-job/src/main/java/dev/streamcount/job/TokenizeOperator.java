package dev.streamcount.job;

import java.time.Duration;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
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
 * <p>The pending counts are emitted when the combine interval elapses, when {@value #MAX_PENDING}
 * distinct words are pending (bounding memory), before a checkpoint barrier passes ({@link
 * #prepareSnapshotPreBarrier}) and at the end of a bounded input. Emitting before the barrier is
 * what keeps this exact without any state of its own: everything read before the barrier has been
 * counted downstream before the barrier arrives there, and everything after it is replayed after a
 * failure.
 *
 * <p>Nothing here fails the job: one bad record must never stop it. Empty and tombstone records are
 * skipped; oversize words are not counted. Both are counted in metrics and sent to the {@link
 * #DEAD_LETTERS} side output with their origin and reason. Malformed UTF-8 is decoded with U+FFFD
 * (the valid words around it still count) and counted in {@code recordsMalformedUtf8}.
 */
public class TokenizeOperator extends AbstractStreamOperator<WordCount>
        implements OneInputStreamOperator<KafkaRecord, WordCount>,
                BoundedOneInput,
                ProcessingTimeCallback,
                Tokenizer.Listener {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TokenizeOperator.class);

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    /** Distinct pending words that force an emission, bounding the combiner's memory. */
    static final int MAX_PENDING = 16_384;

    private final long combineIntervalMillis;

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
        this.combineIntervalMillis = combineInterval.toMillis();
    }

    @Override
    public void open() throws Exception {
        super.open();
        pending = new WordCounts(1024);
        buffer = new char[Tokenizer.MAX_WORD_UTF8_BYTES];
        reuse = new StreamRecord<>(null);
        MetricGroup metrics = getMetricGroup().addGroup("streamcount");
        recordsIn = metrics.counter("recordsIn");
        recordsSkipped = metrics.counter("recordsSkipped");
        recordsMalformedUtf8 = metrics.counter("recordsMalformedUtf8");
        wordsCounted = metrics.counter("wordsCounted");
        wordsOversize = metrics.counter("wordsOversize");
        if (combineIntervalMillis > 0) {
            scheduleEmit();
        }
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
        if (combineIntervalMillis == 0 || pending.size() >= MAX_PENDING) {
            emitPending();
        }
    }

    @Override
    public void word(String word) {
        pending.add(word, 1);
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
    public void onProcessingTime(long time) {
        emitPending();
        scheduleEmit();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        emitPending();
    }

    @Override
    public void endInput() {
        emitPending();
    }

    private void scheduleEmit() {
        ProcessingTimeCallback callback = this;
        getProcessingTimeService()
                .registerTimer(
                        getProcessingTimeService().getCurrentProcessingTime()
                                + combineIntervalMillis,
                        callback);
    }

    private void emitPending() {
        pending.forEach(
                (word, n) -> {
                    wordsCounted.inc(n);
                    output.collect(reuse.replace(new WordCount(word, n)));
                });
        pending.clear();
    }
}
