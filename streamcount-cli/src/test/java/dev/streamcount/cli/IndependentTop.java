package dev.streamcount.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The expected top of a count, by a plain sort and not by the job's code: most frequent first, ties
 * by word (the order the job promises).
 */
final class IndependentTop {
    private IndependentTop() {}

    /** The {@code n} highest counts of {@code counts}. */
    static List<Map.Entry<String, Long>> of(Map<String, Long> counts, int n) {
        return counts.entrySet().stream()
                .sorted(
                        Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                                .thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .toList();
    }

    /** As {@link #of}, each as {@code word=count}. */
    static List<String> asStrings(Map<String, Long> counts, int n) {
        return of(counts, n).stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
