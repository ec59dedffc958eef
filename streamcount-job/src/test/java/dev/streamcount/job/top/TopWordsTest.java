package dev.streamcount.job.top;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.count.WordCount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopWordsTest {

    private static List<String> words(TopWords top) {
        return top.list().stream().map(w -> w.word + "=" + w.count).toList();
    }

    @Test
    void tiesAreBrokenByWord() {
        TopWords top = new TopWords(2);
        top.offer("b", 5);
        top.offer("c", 5);
        top.offer("a", 5);
        assertThat(words(top)).containsExactly("a=5", "b=5");
    }

    @Test
    void aWordEntersFromBelowOnceItsTotalPassesTheLast() {
        TopWords top = new TopWords(2);
        top.offer("x", 10);
        top.offer("y", 8);
        assertThat(top.offer("z", 8)).as("a tie with the last, but later by word").isFalse();
        assertThat(top.offer("z", 9)).isTrue();
        assertThat(words(top)).containsExactly("x=10", "z=9");
        assertThat(top.contains("y")).isFalse();
    }

    @Test
    void aMemberThatGrowsMovesUpAndAnOlderTotalChangesNothing() {
        TopWords top = new TopWords(3);
        top.offer("a", 3);
        top.offer("b", 2);
        top.offer("c", 1);
        assertThat(top.offer("c", 7)).isTrue();
        assertThat(top.offer("c", 5)).as("an older total").isFalse();
        assertThat(words(top)).containsExactly("c=7", "a=3", "b=2");
    }

    @Test
    void equalsTheTopOfAnIndependentCountForAnyStreamOfGrowingTotals() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            int n = 1 + random.nextInt(10);
            TopWords top = new TopWords(n);
            Map<String, Long> totals = new HashMap<>();
            for (int i = 0; i < 2_000; i++) {
                String word = "w" + (int) Math.abs(random.nextGaussian() * 30);
                long total = totals.merge(word, 1L + random.nextInt(3), Long::sum);
                top.offer(word, total);
            }
            List<WordCount> expected = new ArrayList<>();
            totals.forEach((w, c) -> expected.add(new WordCount(w, c)));
            expected.sort(TopWords.RANK);
            assertThat(top.list())
                    .as("round %d, n %d", round, n)
                    .isEqualTo(expected.subList(0, Math.min(n, expected.size())));
        }
    }
}
