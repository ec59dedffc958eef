package dev.streamcount.job.count;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunningCountOperatorTest {

    private KeyedOneInputStreamOperatorTestHarness<String, WordCount, WordCount> harness;

    private KeyedOneInputStreamOperatorTestHarness<String, WordCount, WordCount> open(
            Duration flush) throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new RunningCountOperator(flush), wc -> wc.word, Types.STRING);
        harness.setProcessingTime(0);
        harness.open();
        return harness;
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void add(String word, long n) throws Exception {
        harness.processElement(new StreamRecord<>(new WordCount(word, n)));
    }

    private List<WordCount> drainOutput() {
        List<WordCount> out = harness.extractOutputValues().stream().collect(Collectors.toList());
        harness.getOutput().clear();
        return out;
    }

    @Test
    void keepsOneTotalPerWordInKeyedState() throws Exception {
        open(Duration.ofSeconds(1));
        add("a", 2);
        add("b", 1);
        add("a", 3);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    }

    @Test
    void coalescesUpdatesToOneAbsoluteTotalPerWordPerFlushInterval() throws Exception {
        open(Duration.ofSeconds(1));
        add("a", 2);
        add("b", 1);
        add("a", 3);
        add("a", 1);
        assertThat(drainOutput()).as("nothing is emitted before the flush interval").isEmpty();

        harness.setProcessingTime(1_000);
        assertThat(drainOutput()).containsExactly(new WordCount("a", 6), new WordCount("b", 1));

        // Nothing changed: nothing to write.
        harness.setProcessingTime(2_000);
        assertThat(drainOutput()).isEmpty();

        add("b", 4);
        harness.setProcessingTime(3_000);
        assertThat(drainOutput())
                .as("totals are absolute, not deltas")
                .containsExactly(new WordCount("b", 5));
    }

    @Test
    void emitsEverythingChangedBeforeACheckpointBarrier() throws Exception {
        open(Duration.ofHours(1));
        add("x", 1);
        add("y", 2);
        harness.prepareSnapshotPreBarrier(1);
        assertThat(drainOutput()).containsExactly(new WordCount("x", 1), new WordCount("y", 2));
    }

    @Test
    void emitsWhatIsLeftWhenBoundedInputEnds() throws Exception {
        open(Duration.ofHours(1));
        add("x", 7);
        harness.endInput();
        assertThat(drainOutput()).containsExactly(new WordCount("x", 7));
    }

    @Test
    void zeroFlushIntervalEmitsEveryUpdate() throws Exception {
        open(Duration.ZERO);
        add("x", 1);
        add("x", 1);
        assertThat(drainOutput()).containsExactly(new WordCount("x", 1), new WordCount("x", 2));
    }

    @Test
    void totalsSurviveRestoreFromASnapshot() throws Exception {
        open(Duration.ofSeconds(1));
        add("a", 5);
        add("b", 1);
        OperatorSubtaskState snapshot = harness.snapshot(1, 100);
        harness.close();

        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new RunningCountOperator(Duration.ofSeconds(1)),
                        wc -> wc.word,
                        Types.STRING);
        harness.setProcessingTime(0);
        harness.initializeState(snapshot);
        harness.open();
        add("a", 1);
        harness.setProcessingTime(1_000);
        assertThat(drainOutput()).containsExactly(new WordCount("a", 6));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    }

    private List<String> candidates() {
        var out = harness.getSideOutput(RunningCountOperator.TOP_CANDIDATES);
        List<String> words =
                out == null
                        ? List.of()
                        : out.stream()
                                .map(r -> r.getValue().toString())
                                .collect(Collectors.toList());
        if (out != null) {
            out.clear();
        }
        return words;
    }

    @Test
    void sendsATotalToTheTopOnlyWhenItEntersOrMovesInTheSubtasksTop() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new RunningCountOperator(Duration.ZERO, 2), wc -> wc.word, Types.STRING);
        harness.open();
        add("a", 5);
        add("b", 3);
        add("c", 1); // below both
        add("c", 1); // 2: still below
        add("c", 2); // 4: passes b
        add("a", 1); // 6: moves
        assertThat(candidates()).containsExactly("a=5", "b=3", "c=4", "a=6");
    }

    @Test
    void stateFromBeforeTheTopExistedIsRebuiltFromTheTotalsAndSentOnce() throws Exception {
        open(Duration.ofSeconds(1));
        add("a", 5);
        add("b", 1);
        add("c", 3);
        OperatorSubtaskState withoutTop = harness.snapshot(1, 100);
        harness.close();

        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new RunningCountOperator(Duration.ofSeconds(1), 2),
                        wc -> wc.word,
                        Types.STRING);
        harness.initializeState(withoutTop);
        harness.open();
        assertThat(candidates()).containsExactly("a=5", "c=3");

        // Saved with the top: restored from its own list, nothing sent again.
        OperatorSubtaskState withTop = harness.snapshot(2, 200);
        harness.close();
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new RunningCountOperator(Duration.ZERO, 2), wc -> wc.word, Types.STRING);
        harness.initializeState(withTop);
        harness.open();
        assertThat(candidates()).isEmpty();
        add("b", 1); // 2: below c
        add("b", 2); // 4: passes c
        assertThat(candidates()).containsExactly("b=4");
    }
}
