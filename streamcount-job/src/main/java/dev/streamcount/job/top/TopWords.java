package dev.streamcount.job.top;

import dev.streamcount.job.count.WordCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The exact {@code n} most frequent words of a stream of running totals, most frequent first, ties
 * broken by word. Bounded: it holds at most {@code n} words.
 *
 * <p>Exact because totals only grow. A word is let go only when {@code n} others rank above it;
 * their totals can only grow, so it stays below them until a new total of its own arrives, and then
 * it is compared again. The totals held are each word's newest seen, so they may lag the truth but
 * never exceed it; a word outside is always below {@code n} words inside.
 */
public final class TopWords {

    /** Most frequent first; equal counts by word, so the order is total and deterministic. */
    public static final Comparator<WordCount> RANK =
            Comparator.comparingLong((WordCount w) -> -w.count).thenComparing(w -> w.word);

    private final int n;
    private final Map<String, WordCount> members = new HashMap<>();
    private final TreeSet<WordCount> ranked = new TreeSet<>(RANK);
    // The last of a full top (null while it has room): what a newcomer must rank above.
    private WordCount lowest;

    public TopWords(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("top size must be at least 1, got " + n);
        }
        this.n = n;
    }

    /**
     * Takes in {@code word}'s newest total.
     *
     * @return whether the top changed (a word entered, left or moved)
     */
    public boolean offer(String word, long total) {
        WordCount held = members.get(word);
        if (held != null) {
            if (total <= held.count) {
                return false; // an older or repeated total
            }
            ranked.remove(held);
            WordCount now = new WordCount(word, total);
            members.put(word, now);
            ranked.add(now);
            lowest = ranked.size() < n ? null : ranked.last();
            return true;
        }
        // Most offers end here, on the running count's path: below a full top, no allocation.
        if (lowest != null
                && (total < lowest.count
                        || (total == lowest.count && word.compareTo(lowest.word) > 0))) {
            return false;
        }
        if (ranked.size() >= n) {
            ranked.pollLast();
            members.remove(lowest.word);
        }
        WordCount candidate = new WordCount(word, total);
        members.put(word, candidate);
        ranked.add(candidate);
        lowest = ranked.size() < n ? null : ranked.last();
        return true;
    }

    /** Whether {@code word} is in the top now. */
    public boolean contains(String word) {
        return members.containsKey(word);
    }

    /** The words, most frequent first (copies). */
    public List<WordCount> list() {
        List<WordCount> out = new ArrayList<>(ranked.size());
        for (WordCount w : ranked) {
            out.add(new WordCount(w.word, w.count));
        }
        return out;
    }

    public int size() {
        return ranked.size();
    }

    public int capacity() {
        return n;
    }
}
