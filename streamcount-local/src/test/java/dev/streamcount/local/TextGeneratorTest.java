package dev.streamcount.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextGeneratorTest {

    @Test
    void sameSeedSameText() {
        TextGenerator a = new TextGenerator(7, 1000, 1.1);
        TextGenerator b = new TextGenerator(7, 1000, 1.1);
        for (int i = 0; i < 100; i++) {
            assertThat(a.nextLine()).isEqualTo(b.nextLine());
        }
        assertThat(a.expectedCounts()).isEqualTo(b.expectedCounts());
    }

    @Test
    void vocabularyWordsAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < 100_000; k++) {
            assertThat(seen.add(TextGenerator.wordForRank(k))).as("rank %d", k).isTrue();
        }
    }

    @Test
    void expectedCountsMatchARegexCountOfTheText() {
        TextGenerator g = new TextGenerator(42, 500, 1.1);
        Map<String, Long> counted = new HashMap<>();
        Pattern word = Pattern.compile("[\\p{L}\\p{Nd}]+");
        for (int i = 0; i < 2000; i++) {
            Matcher m = word.matcher(g.nextLine());
            while (m.find()) {
                counted.merge(m.group().toLowerCase(Locale.ROOT), 1L, Long::sum);
            }
        }
        assertThat(counted).isEqualTo(g.expectedCounts());
        assertThat(counted.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(g.wordsGenerated());
    }

    @Test
    void distributionIsSkewedTowardsLowRanks() {
        TextGenerator g = new TextGenerator(1, 1000, 1.1);
        for (int i = 0; i < 5000; i++) {
            g.nextLine();
        }
        Map<String, Long> c = g.expectedCounts();
        assertThat(c.get(TextGenerator.wordForRank(0)))
                .isGreaterThan(10 * c.getOrDefault(TextGenerator.wordForRank(99), 1L));
    }
}
