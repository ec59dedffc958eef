package dev.streamcount.job.top;

import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.window.WindowKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * In front of {@link WindowTopOperator}, in every window-count subtask: passes a window count on
 * only when it enters or moves in this subtask's top of its window. Exact, as for the all-time
 * list: a word is among a window's top N only if it is among its subtask's. Nothing here is
 * checkpointed: a subtask that forgot its tops (a restart, or a window evicted from the few it
 * keeps) passes more counts on, never fewer.
 */
final class LocalWindowTop implements FlatMapFunction<WordCount, WordCount> {
    private static final long serialVersionUID = 1L;

    /** Windows kept at once; firings come in window order, late ones shortly after. */
    private static final int WINDOWS = 16;

    private final int size;
    private transient Map<Long, TopWords> windows;

    LocalWindowTop(int size) {
        this.size = size;
    }

    @Override
    public void flatMap(WordCount count, Collector<WordCount> out) {
        if (windows == null) {
            windows =
                    new LinkedHashMap<>(WINDOWS * 2, 0.75f, true) {
                        @Override
                        protected boolean removeEldestEntry(Map.Entry<Long, TopWords> eldest) {
                            return size() > WINDOWS;
                        }
                    };
        }
        TopWords top =
                windows.computeIfAbsent(WindowKey.start(count.word), w -> new TopWords(size));
        if (top.offer(WindowKey.word(count.word), count.count)) {
            out.collect(count);
        }
    }
}
