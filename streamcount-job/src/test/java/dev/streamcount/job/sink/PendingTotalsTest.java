package dev.streamcount.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.count.WordCount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingTotalsTest {

    private static Map<String, Long> totals(Object... wordsAndTotals) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < wordsAndTotals.length; i += 2) {
            m.put((String) wordsAndTotals[i], ((Number) wordsAndTotals[i + 1]).longValue());
        }
        return m;
    }

    private static PendingTotals.Round round(long id) {
        return new PendingTotals.Round(id, System.nanoTime());
    }

    @Test
    void aBacklogKeepsOneNewestTotalPerWord() throws Exception {
        PendingTotals p = new PendingTotals();
        PendingTotals.Round r1 = round(1);
        PendingTotals.Round r2 = round(2);
        p.add(r1, totals("a", 1, "b", 2));
        p.add(r2, totals("a", 5, "c", 3));

        List<PendingTotals.Entry> batch = p.take(100);

        assertThat(batch)
                .extracting(e -> e.word + "=" + e.total)
                .containsExactly("a=5", "b=2", "c=3");
        assertThat(p.confirm(batch))
                .as("both rounds done by one write each")
                .containsExactly(r1, r2);
        assertThat(p.size()).isZero();
    }

    @Test
    void aWordBeingSentIsNotSentAgainUntilConfirmedAndIsKeptForTheCheckpoint() throws Exception {
        PendingTotals p = new PendingTotals();
        p.add(round(1), totals("a", 1, "b", 1));
        List<PendingTotals.Entry> first = p.take(100);
        p.add(round(2), totals("a", 7, "c", 1));

        List<PendingTotals.Entry> second = p.take(100);

        assertThat(second).extracting(e -> e.word).containsExactly("c");
        assertThat(p.unconfirmed())
                .as("in flight and queued, both")
                .containsExactlyInAnyOrder(
                        new WordCount("a", 1),
                        new WordCount("b", 1),
                        new WordCount("c", 1),
                        new WordCount("a", 7));
        p.confirm(first);
        assertThat(p.take(100)).extracting(e -> e.word + "=" + e.total).containsExactly("a=7");
    }

    @Test
    void aRoundIsDoneOnlyWhenItsLastTotalIsConfirmed() throws Exception {
        PendingTotals p = new PendingTotals();
        PendingTotals.Round r = round(1);
        p.add(r, totals("a", 1, "b", 1, "c", 1));

        assertThat(p.confirm(p.take(2))).isEmpty();
        assertThat(p.confirm(p.take(2))).containsExactly(r);
    }

    @Test
    void closeReleasesAWaitingTake() throws Exception {
        PendingTotals p = new PendingTotals();
        Thread closer = new Thread(p::close);
        closer.start();
        assertThat(p.take(10)).isEmpty();
        closer.join();
    }

    @Test
    void committedThroughIsTheNewestRoundWithEveryEarlierOneConfirmed() throws Exception {
        PendingTotals p = new PendingTotals();
        assertThat(p.committedThrough()).as("nothing handed over yet").isEqualTo(-1);
        p.add(round(3), totals("a", 1));
        List<PendingTotals.Entry> first = p.take(100);
        p.add(round(4), totals());
        p.add(round(5), totals("b", 2));
        List<PendingTotals.Entry> second = p.take(100);
        assertThat(p.committedThrough()).as("round 3 still in flight").isEqualTo(2);

        p.confirm(second);
        assertThat(p.committedThrough())
                .as("round 5 confirmed, round 3 not: the table may lack 3's totals")
                .isEqualTo(2);

        p.confirm(first);
        assertThat(p.committedThrough()).as("all confirmed, the empty round 4 too").isEqualTo(5);
        p.add(round(6), totals());
        assertThat(p.committedThrough()).as("an empty round is committed at once").isEqualTo(6);
    }
}
