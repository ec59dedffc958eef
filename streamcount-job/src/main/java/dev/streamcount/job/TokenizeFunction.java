package dev.streamcount.job;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits each record value into words with {@link Tokenizer} and pre-aggregates them per record, so
 * a line repeating a word sends one {@code (word, n)} downstream instead of n records.
 *
 * <p>Empty and null (tombstone) records are skipped and counted; oversize words are counted and
 * logged. Neither is a failure: one bad record must never stop the job.
 */
public class TokenizeFunction extends RichFlatMapFunction<byte[], WordCount>
        implements Tokenizer.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(TokenizeFunction.class);

    private transient Map<String, long[]> perRecord;
    private transient Counter recordsIn;
    private transient Counter recordsSkipped;
    private transient Counter wordsCounted;
    private transient Counter wordsOversize;

    @Override
    public void open(OpenContext openContext) {
        perRecord = new HashMap<>();
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("streamcount");
        recordsIn = metrics.counter("recordsIn");
        recordsSkipped = metrics.counter("recordsSkipped");
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
        LOG.warn(
                "Skipping a word of {} UTF-8 bytes (DynamoDB keys hold at most {}): {}...",
                utf8Bytes,
                Tokenizer.MAX_WORD_UTF8_BYTES,
                word.substring(0, 16));
    }

    @Override
    public void flatMap(byte[] value, Collector<WordCount> out) {
        recordsIn.inc();
        if (value == null || value.length == 0) {
            recordsSkipped.inc();
            return;
        }
        Tokenizer.tokenize(value, this);
        for (Map.Entry<String, long[]> e : perRecord.entrySet()) {
            long n = e.getValue()[0];
            wordsCounted.inc(n);
            out.collect(new WordCount(e.getKey(), n));
        }
        perRecord.clear();
    }
}
