package dev.streamcount.cli.bench;

import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.line.LineSink;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * For {@code bench}'s count-ceiling: takes the place of DynamoDB and only keeps track of the sum,
 * over all words, of the newest total each has reached. The benchmark runs the job in this JVM and
 * watches {@link #sum()} reach the number of words in the input: at that moment every word has been
 * counted.
 */
final class TotalsProbeSink extends LineSink<WordCount> {
    private static final long serialVersionUID = 1L;
    private static final AtomicLong SUM = new AtomicLong();

    /** The sum of every word's newest total, over all subtasks of the running job. */
    static long sum() {
        return SUM.get();
    }

    static void reset() {
        SUM.set(0);
    }

    @Override
    public SinkWriter<WordCount> createWriter(WriterInitContext context) {
        return new Writer();
    }

    private static final class Writer implements SinkWriter<WordCount> {
        private final Map<String, Long> newest = new HashMap<>();

        @Override
        public void write(WordCount total, Context context) {
            Long before = newest.put(total.word, total.count);
            SUM.addAndGet(total.count - (before == null ? 0 : before));
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
    }
}
