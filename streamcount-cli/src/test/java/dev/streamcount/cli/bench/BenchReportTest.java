package dev.streamcount.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.local.TextGenerator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static BenchResult result(String phase, long words, double seconds, String table) {
        return new BenchResult(phase, words, seconds, 10, 0, 0, null, table, "");
    }

    @Test
    void summaryComparesExactlyOnceWithTheOthers() {
        Map<String, BenchResult> r = new LinkedHashMap<>();
        r.put("count-ceiling", result("count-ceiling", 1_000_000, 1.0, "-"));
        r.put(
                "tutorial",
                result("tutorial", 1_000_000, 4.0, "wrong by design: 1 of 2 words right"));
        r.put("naive", result("naive", 1_000, 2.0, BenchResult.VERIFIED));
        r.put("exactly-once-1s", result("exactly-once-1s", 1_000_000, 1.25, BenchResult.VERIFIED));
        assertThat(BenchReport.summary(r))
                .isEqualTo(
                        "summary: exactly-once 800,000 words/s, 3.2x tutorial, 1600.0x naive, 80%"
                                + " of count-ceiling, table verified");
    }

    @Test
    void oneWrongCheckedTableMakesTheSummarySaySo() {
        Map<String, BenchResult> r = new LinkedHashMap<>();
        r.put("exactly-once-1s", result("exactly-once-1s", 100, 1.0, BenchResult.VERIFIED));
        r.put(
                "at-least-once",
                result(
                        "at-least-once",
                        100,
                        1.0,
                        "1 words differ, e.g. x: expected 2, table has 1"));
        assertThat(BenchReport.summary(r))
                .endsWith("n/a tutorial, n/a naive, n/a of count-ceiling, table NOT verified");
    }

    @Test
    void percentilesAreNearestRank() {
        LatencyProbe.Result r =
                new LatencyProbe.Result(new long[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 100});
        assertThat(r.percentile(50)).isEqualTo(50);
        assertThat(r.percentile(99)).isEqualTo(100);
        assertThat(r.percentile(90)).isEqualTo(90);
    }

    @Test
    void markersAreDistinctSingleWordsOutsideTheGeneratedVocabulary() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String m = LatencyProbe.marker("max", i);
            assertThat(m).matches("qq[a-z]+");
            assertThat(seen.add(m)).as(m).isTrue();
        }
        // No generated word can be a marker.
        TextGenerator generator = new TextGenerator(7, 50_000, 0.5);
        while (generator.wordsGenerated() < 200_000) {
            generator.nextLine();
        }
        assertThat(generator.expectedCounts().keySet()).noneMatch(w -> w.contains("q"));
    }
}
