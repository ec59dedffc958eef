package dev.streamcount.job.sink;

import dev.streamcount.job.count.WordCount;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;

/**
 * Keeps the newest total of each word changed since the last checkpoint, and hands them over as one
 * committable when a checkpoint barrier arrives. Writes nothing itself.
 *
 * <p>No writer state is needed: {@link #prepareCommit()} empties the map before every checkpoint,
 * and anything received after the checkpoint is replayed from Kafka if the job fails before the
 * next.
 */
final class CommittableWriter implements CommittingSinkWriter<WordCount, CountCommittable> {
    private final int subtask;
    private final Map<String, Long> changed = new LinkedHashMap<>();

    CommittableWriter(int subtask) {
        this.subtask = subtask;
    }

    @Override
    public void write(WordCount total, Context context) {
        // Totals of a word only grow, and arrive in order from its one upstream subtask: newest
        // wins.
        changed.put(total.word, total.count);
    }

    @Override
    public void flush(boolean endOfInput) {
        // Nothing is written here; commits happen after the checkpoint completes.
    }

    @Override
    public Collection<CountCommittable> prepareCommit() {
        if (changed.isEmpty()) {
            return List.of();
        }
        String[] words = new String[changed.size()];
        long[] totals = new long[changed.size()];
        int i = 0;
        for (Map.Entry<String, Long> e : changed.entrySet()) {
            words[i] = e.getKey();
            totals[i++] = e.getValue();
        }
        changed.clear();
        return List.of(new CountCommittable(subtask, words, totals));
    }

    @Override
    public void close() {}
}
