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
}
