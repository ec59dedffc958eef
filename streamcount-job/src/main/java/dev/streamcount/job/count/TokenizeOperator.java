package dev.streamcount.job.count;

import dev.streamcount.job.config.Windowing;
import dev.streamcount.job.kafka.KafkaRecord;
import dev.streamcount.job.metrics.StreamCountMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
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
 *
 * <p>With windows on ({@link Windowing}), counts are also combined per event-time window (the
 * record's timestamp) and sent to the {@link #WINDOWED} side output, stamped with the window's
 * start, for the window operator downstream. A record whose window closed more than the allowed
 * lateness ago by this subtask's watermark is <em>late</em>: it still counts in the totals, counts
 * in no window, and goes to the dead letters with reason {@value DeadLetter#LATE}. Held counts are
 * flushed before a watermark passes on, so the window operator, whose watermark is never ahead of
 * this subtask's, never finds a window closed that was open here.
 */
public class TokenizeOperator extends FlushingOperator<KafkaRecord>
        implements Tokenizer.OversizeListener {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TokenizeOperator.class);

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    /** Per-window counts, each stamped with its window's start: only with windows on. */
    public static final OutputTag<WordCount> WINDOWED = new OutputTag<>("windowed-counts") {};

    /** The key of counts that go to the totals only (late records, or windows off). */
    private static final long NO_WINDOW = Long.MIN_VALUE;

    /** Distinct pending words that force an emission, bounding the combiner's memory. */
    static final int MAX_PENDING = 16_384;

    /** The window length in milliseconds, 0 with windows off. */
    private final long windowMillis;

    private final long allowedLatenessMillis;

    /** Counts held since the last flush that go to the totals only (windows off, late records). */
    private transient WordCounts pending;

    /** With windows on: counts held since the last flush, by window start. */
    private transient Map<Long, WordCounts> byWindow;

    /** The window the last record fell in, and its counts: consecutive records mostly share one. */
    private transient long lastWindow;

    private transient WordCounts lastWindowCounts;

    private transient long watermark;
    private transient char[] buffer;
    private transient KafkaRecord current;

    /** The current record's oversize words so far, the largest's size and its first characters. */
    private transient int oversizeInRecord;

    private transient int largestOversize;
    private transient String largestOversizeStart;
    private transient StreamRecord<WordCount> reuse;
    private transient Counter recordsIn;
    private transient Counter recordsSkipped;
    private transient Counter recordsMalformedUtf8;
    private transient Counter wordsCounted;
    private transient Counter wordsOversize;
    private transient Counter recordsLate;

    /**
     * @param combineInterval how long counts may be combined before they are emitted; zero emits
     *     each record's counts at once
     */
    public TokenizeOperator(Duration combineInterval) {
        this(combineInterval, Windowing.off());
    }

    /**
     * @param windowing with windows on, also emits per-window counts to {@link #WINDOWED}
     */
    public TokenizeOperator(Duration combineInterval, Windowing windowing) {
        super(combineInterval.toMillis());
        this.windowMillis = windowing.enabled() ? windowing.size().toMillis() : 0;
        this.allowedLatenessMillis = windowing.allowedLateness().toMillis();
    }

    @Override
    public void open() throws Exception {
        pending = new WordCounts(1024);
        byWindow = new HashMap<>();
        watermark = Long.MIN_VALUE;
        buffer = new char[Tokenizer.MAX_WORD_UTF8_BYTES];
        reuse = new StreamRecord<>(null);
        MetricGroup metrics = StreamCountMetrics.of(getMetricGroup());
        recordsIn = metrics.counter("recordsIn");
        recordsSkipped = metrics.counter("recordsSkipped");
        recordsMalformedUtf8 = metrics.counter("recordsMalformedUtf8");
        wordsCounted = metrics.counter("wordsCounted");
        wordsOversize = metrics.counter("wordsOversize");
        recordsLate = metrics.counter("recordsLate");
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
        if (Tokenizer.tokenize(record.value, countsOf(element), buffer, this)) {
            recordsMalformedUtf8.inc();
        }
        if (oversizeInRecord > 0) {
            warnOversize(record);
        }
        current = null;
        if (intervalMillis == 0 || pendingWords() >= MAX_PENDING) {
            flush();
        }
    }

    /**
     * The start of the window {@code element} counts in, or {@link #NO_WINDOW} with windows off or
     * for a late record (which is then reported).
     */
    private long windowOf(StreamRecord<KafkaRecord> element) {
        if (windowMillis == 0) {
            return NO_WINDOW;
        }
        long start = TimeWindow.getWindowStartWithOffset(element.getTimestamp(), 0, windowMillis);
        // Closed for good once the watermark passed its last millisecond plus the lateness.
        if (start + windowMillis - 1 + allowedLatenessMillis <= watermark) {
            recordsLate.inc();
            deadLetter(new DeadLetter(element.getValue(), DeadLetter.LATE));
            return NO_WINDOW;
        }
        return start;
    }

    /** Where {@code element}'s words are counted: its window's counts, or the totals-only ones. */
    private WordCounts countsOf(StreamRecord<KafkaRecord> element) {
        long window = windowOf(element);
        if (window == NO_WINDOW) {
            return pending;
        }
        if (lastWindowCounts == null || window != lastWindow) {
            lastWindow = window;
            lastWindowCounts = byWindow.computeIfAbsent(window, w -> new WordCounts(256));
        }
        return lastWindowCounts;
    }

    private int pendingWords() {
        int n = pending.size();
        for (WordCounts counts : byWindow.values()) {
            n += counts.size();
        }
        return n;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (windowMillis > 0) {
            // What was counted before this watermark must reach the window operator before it.
            flush();
            watermark = mark.getTimestamp();
        }
        super.processWatermark(mark);
    }

    @Override
    public void oversizeWord(int utf8Bytes, String word) {
        wordsOversize.inc();
        oversizeInRecord++;
        if (utf8Bytes > largestOversize) {
            largestOversize = utf8Bytes;
            largestOversizeStart = word.substring(0, 16);
        }
        deadLetter(new DeadLetter(current, DeadLetter.oversizeWord(utf8Bytes)));
    }

    /**
     * One line per record however many oversize words it holds (a 1 MB line of long words would
     * otherwise write hundreds); each word still has its dead letter and its count in the metric.
     */
    private void warnOversize(KafkaRecord record) {
        LOG.warn(
                "Not counting {} word(s) of more than {} UTF-8 bytes (DynamoDB's key limit) at"
                        + " {}-{} offset {}; the largest has {} bytes and starts '{}'",
                oversizeInRecord,
                Tokenizer.MAX_WORD_UTF8_BYTES,
                record.topic,
                record.partition,
                record.offset,
                largestOversize,
                largestOversizeStart);
        oversizeInRecord = 0;
        largestOversize = 0;
        largestOversizeStart = null;
    }

    private void deadLetter(DeadLetter letter) {
        output.collect(DEAD_LETTERS, new StreamRecord<>(letter));
    }

    @Override
    protected void flush() {
        emit(pending, NO_WINDOW);
        pending.clear();
        for (Map.Entry<Long, WordCounts> e : byWindow.entrySet()) {
            emit(e.getValue(), e.getKey());
        }
        // A window's map is rarely used again once the next window begins.
        byWindow.clear();
        lastWindowCounts = null;
    }

    /** Emits {@code counts} to the totals and, for a window, to {@link #WINDOWED} too. */
    private void emit(WordCounts counts, long window) {
        counts.forEach(
                (word, n) -> {
                    wordsCounted.inc(n);
                    output.collect(reuse.replace(new WordCount(word, n)));
                    if (window != NO_WINDOW) {
                        output.collect(
                                WINDOWED, new StreamRecord<>(new WordCount(word, n), window));
                    }
                });
    }
}
