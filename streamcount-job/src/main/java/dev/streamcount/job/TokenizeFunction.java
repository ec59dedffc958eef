package dev.streamcount.job;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits each record value into words with {@link Tokenizer} and pre-aggregates them per record, so
 * a line repeating a word sends one {@code (word, n)} downstream instead of n records.
 *
 * <p>Nothing here fails the job: one bad record must never stop it. Empty and tombstone records are
 * skipped; oversize words are not counted. Both are counted in metrics and sent to the {@link
 * #DEAD_LETTERS} side output with their origin and reason. Malformed UTF-8 is decoded with U+FFFD
 * (the valid words around it still count) and counted in {@code recordsMalformedUtf8}.
 */
public class TokenizeFunction extends ProcessFunction<KafkaRecord, WordCount> implements Tokenizer.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(TokenizeFunction.class);

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private transient Map<String, long[]> perRecord;
    private transient KafkaRecord current;
    private transient Context context;
    private transient Counter recordsIn;
    private transient Counter recordsSkipped;
    private transient Counter recordsMalformedUtf8;
    private transient Counter wordsCounted;
    private transient Counter wordsOversize;

    @Override
    public void open(OpenContext openContext) {
        perRecord = new HashMap<>();
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("streamcount");
        recordsIn = metrics.counter("recordsIn");
        recordsSkipped = metrics.counter("recordsSkipped");
        recordsMalformedUtf8 = metrics.counter("recordsMalformedUtf8");
        wordsCounted = metrics.counter("wordsCounted");
        wordsOversize = metrics.counter("wordsOversize");
    }

    @Override
    public void word(String word) {
        perRecord.computeIfAbsent(word, w -> new long[1])[0]++;
    }

    @Override
    public void oversizeWord(int utf8Bytes, String word) {
        wordsOversize.inc();
        LOG.warn("Not counting a word of {} UTF-8 bytes at {}-{} offset {} (DynamoDB keys hold at most {}): {}...",
                utf8Bytes, current.topic, current.partition, current.offset, Tokenizer.MAX_WORD_UTF8_BYTES, word.substring(0, 16));
        context.output(DEAD_LETTERS, new DeadLetter(current, DeadLetter.oversizeWord(utf8Bytes)));
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<WordCount> out) {
        recordsIn.inc();
        if (record.value == null || record.value.length == 0) {
            recordsSkipped.inc();
            ctx.output(DEAD_LETTERS, new DeadLetter(record, record.value == null ? DeadLetter.TOMBSTONE : DeadLetter.EMPTY));
            return;
        }
        current = record;
        context = ctx;
        if (Tokenizer.tokenize(record.value, this)) {
            recordsMalformedUtf8.inc();
        }
        for (Map.Entry<String, long[]> e : perRecord.entrySet()) {
            long n = e.getValue()[0];
            wordsCounted.inc(n);
            out.collect(new WordCount(e.getKey(), n));
        }
        perRecord.clear();
        current = null;
        context = null;
    }
}
