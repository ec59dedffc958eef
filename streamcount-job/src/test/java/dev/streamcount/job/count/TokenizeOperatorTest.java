package dev.streamcount.job.count;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.config.Windowing;
import dev.streamcount.job.kafka.KafkaRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenizeOperatorTest {

    private OneInputStreamOperatorTestHarness<KafkaRecord, WordCount> harness;
    private long offset;

    private void open(Duration combine) throws Exception {
        open(new TokenizeOperator(combine));
    }

    private void open(TokenizeOperator operator) throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(operator);
        harness.setProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void send(String text) throws Exception {
        send(text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    private void send(byte[] value) throws Exception {
        harness.processElement(new StreamRecord<>(new KafkaRecord("t", 0, offset++, value)));
    }

    private void sendAt(long timestamp, String text) throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        new KafkaRecord("t", 0, offset++, text.getBytes(StandardCharsets.UTF_8)),
                        timestamp));
    }

    /** Windowed side output so far as "start word" → summed count; then clears it. */
    private Map<String, Long> drainWindowed() {
        Map<String, Long> counts = new TreeMap<>();
        ConcurrentLinkedQueue<StreamRecord<WordCount>> out =
                harness.getSideOutput(TokenizeOperator.WINDOWED);
        if (out != null) {
            for (StreamRecord<WordCount> r : out) {
                counts.merge(
                        r.getTimestamp() + " " + r.getValue().word, r.getValue().count, Long::sum);
            }
            out.clear();
        }
        return counts;
    }

    private static TokenizeOperator windowed(long sizeMillis, long latenessMillis) {
        return new TokenizeOperator(
                Duration.ofMillis(100),
                new Windowing(
                        Duration.ofMillis(sizeMillis),
                        null,
                        Duration.ofDays(7),
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ofMillis(latenessMillis)));
    }

    @Test
    void windowedCountsAreCombinedPerWindowAndStampedWithItsStart() throws Exception {
        open(windowed(1000, 0));
        sendAt(1_100, "a b");
        sendAt(1_999, "a");
        sendAt(2_000, "a");
        harness.setProcessingTime(100);
        assertThat(drainWindowed()).isEqualTo(Map.of("1000 a", 2L, "1000 b", 1L, "2000 a", 1L));
        assertThat(drain(new java.util.ArrayList<>())).isEqualTo(Map.of("a", 3L, "b", 1L));
    }

    @Test
    void heldCountsLeaveBeforeTheWatermarkThatFollowsThem() throws Exception {
        open(windowed(1000, 0));
        sendAt(500, "early");
        harness.processWatermark(new Watermark(999));
        // The count first, then the watermark: downstream, the window is still open for it.
        List<Object> out = List.copyOf(harness.getOutput());
        assertThat(out).last().isInstanceOf(Watermark.class);
        assertThat(drainWindowed()).isEqualTo(Map.of("0 early", 1L));
    }

    @Test
    void aRecordPastTheAllowedLatenessCountsInTheTotalsOnlyAndIsADeadLetter() throws Exception {
        open(windowed(1000, 500));
        harness.processWatermark(new Watermark(1_400));
        sendAt(100, "within"); // window [0, 1000) closed at 999, open for late data until 1499
        harness.processWatermark(new Watermark(1_499));
        sendAt(200, "beyond");
        harness.endInput();
        assertThat(drainWindowed()).isEqualTo(Map.of("0 within", 1L));
        assertThat(drain(new java.util.ArrayList<>()))
                .isEqualTo(Map.of("within", 1L, "beyond", 1L));
        assertThat(harness.getSideOutput(TokenizeOperator.DEAD_LETTERS))
                .extracting(r -> r.getValue().offset + " " + r.getValue().reason)
                .containsExactly("1 " + DeadLetter.LATE);
    }

    /** Output so far as word → summed count, and how many records carried it; then clears it. */
    private Map<String, Long> drain(List<Integer> recordsOut) {
        Map<String, Long> counts = new TreeMap<>();
        List<WordCount> out = harness.extractOutputValues();
        recordsOut.add(out.size());
        for (WordCount wc : out) {
            counts.merge(wc.word, wc.count, Long::sum);
        }
        harness.getOutput().clear();
        return counts;
    }

    @Test
    void combinesWordsAcrossRecordsUntilTheIntervalElapses() throws Exception {
        open(Duration.ofMillis(100));
        send("the cat and the hat");
        send("The CAT");
        List<Integer> sizes = new java.util.ArrayList<>();
        assertThat(drain(sizes)).isEmpty();

        harness.setProcessingTime(100);
        assertThat(drain(sizes)).isEqualTo(Map.of("the", 3L, "cat", 2L, "and", 1L, "hat", 1L));
        assertThat(sizes.get(1)).as("one record per distinct word").isEqualTo(4);

        send("hat");
        harness.setProcessingTime(199);
        assertThat(drain(sizes)).isEmpty();
        harness.setProcessingTime(200);
        assertThat(drain(sizes)).isEqualTo(Map.of("hat", 1L));
    }

    @Test
    void emitsEverythingPendingBeforeACheckpointBarrier() throws Exception {
        open(Duration.ofMillis(100));
        send("a b a");
        harness.prepareSnapshotPreBarrier(1);
        assertThat(drain(new java.util.ArrayList<>())).isEqualTo(Map.of("a", 2L, "b", 1L));
    }

    @Test
    void emitsEverythingPendingAtTheEndOfABoundedInput() throws Exception {
        open(Duration.ofMillis(100));
        send("x y x");
        harness.endInput();
        assertThat(drain(new java.util.ArrayList<>())).isEqualTo(Map.of("x", 2L, "y", 1L));
    }

    @Test
    void zeroIntervalEmitsEachRecordAtOnce() throws Exception {
        open(Duration.ZERO);
        send("b b c");
        assertThat(drain(new java.util.ArrayList<>())).isEqualTo(Map.of("b", 2L, "c", 1L));
    }

    @Test
    void boundsPendingWordsByEmittingEarly() throws Exception {
        open(Duration.ofHours(1));
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < TokenizeOperator.MAX_PENDING; i++) {
            line.append('w').append(i).append(' ');
        }
        send(line.toString());
        assertThat(harness.extractOutputValues()).hasSize(TokenizeOperator.MAX_PENDING);
    }

    @Test
    void skippedRecordsAndOversizeWordsGoToDeadLettersAndValidWordsStillCount() throws Exception {
        open(Duration.ofMillis(100));
        send((byte[]) null);
        send(new byte[0]);
        send("ok " + "x".repeat(Tokenizer.MAX_WORD_UTF8_BYTES + 1) + " ok");
        harness.endInput();
        assertThat(drain(new java.util.ArrayList<>())).isEqualTo(Map.of("ok", 2L));
        ConcurrentLinkedQueue<StreamRecord<DeadLetter>> dead =
                harness.getSideOutput(TokenizeOperator.DEAD_LETTERS);
        assertThat(dead).extracting(r -> r.getValue().offset).containsExactly(0L, 1L, 2L);
        assertThat(dead)
                .extracting(r -> r.getValue().reason)
                .containsExactly(
                        DeadLetter.TOMBSTONE,
                        DeadLetter.EMPTY,
                        DeadLetter.oversizeWord(Tokenizer.MAX_WORD_UTF8_BYTES + 1));
    }

    @Test
    void aRecordOfManyOversizeWordsLogsOneLineAndReportsEachWord() throws Exception {
        open(Duration.ofMillis(100));
        String longWord = "y".repeat(Tokenizer.MAX_WORD_UTF8_BYTES + 1);
        List<String> warnings;
        try (LogLines logs = LogLines.of(TokenizeOperator.class)) {
            send("ok " + (longWord + " ").repeat(50) + "z".repeat(3000) + " ok");
            send("ok " + longWord);
            warnings = logs.lines();
        }
        assertThat(warnings)
                .as("one line per record")
                .hasSize(2)
                .allMatch(l -> l.contains("more than 2048 UTF-8 bytes"));
        assertThat(warnings.get(0)).contains("Not counting 51 word(s)", "has 3000 bytes", "zzzz");
        assertThat(warnings.get(1)).contains("Not counting 1 word(s)", "offset 1");
        assertThat(harness.getSideOutput(TokenizeOperator.DEAD_LETTERS))
                .as("a dead letter per oversize word")
                .hasSize(52);
    }
}
