package dev.streamcount.job.top;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.window.WindowKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.core.testutils.CommonTestUtils;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * The per-window top operator with a DynamoDB client that records its writes: which lists are
 * written after which checkpoint, when {@code window#latest} moves, and which windows a snapshot
 * keeps once the watermark has passed them.
 */
class WindowTopOperatorTest {

    /** Every PutItem the operators of this test sent: "name cp word=count,...". */
    private static final ConcurrentLinkedQueue<String> WRITES = new ConcurrentLinkedQueue<>();

    private final List<OneInputStreamOperatorTestHarness<WordCount, Void>> harnesses =
            new ArrayList<>();

    /** Records each write; answers as DynamoDB would to a write that its condition let through. */
    private static final class RecordingClient implements DynamoDbClient {
        @Override
        public PutItemResponse putItem(PutItemRequest request) {
            Map<String, AttributeValue> item = request.item();
            StringBuilder words = new StringBuilder();
            for (AttributeValue w : item.get(TopTable.WORDS).l()) {
                if (words.length() > 0) words.append(',');
                words.append(w.m().get(TopTable.WORD).s())
                        .append('=')
                        .append(w.m().get(TopTable.COUNT).n());
            }
            WRITES.add(
                    item.get(TopTable.NAME).s()
                            + " "
                            + item.get(TopTable.CHECKPOINT).n()
                            + " "
                            + words);
            return PutItemResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {}
    }

    @BeforeEach
    void clear() {
        WRITES.clear();
    }

    @AfterEach
    void close() throws Exception {
        for (var h : harnesses) {
            h.close();
        }
    }

    /** Top 2 of 1 s windows, no allowed lateness. */
    private OneInputStreamOperatorTestHarness<WordCount, Void> open(OperatorSubtaskState restore)
            throws Exception {
        var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new WindowTopOperator(
                                "Top",
                                2,
                                RecordingClient::new,
                                Duration.ofSeconds(1),
                                Duration.ZERO,
                                Duration.ofDays(7)));
        harnesses.add(harness);
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        return harness;
    }

    private static void count(
            OneInputStreamOperatorTestHarness<WordCount, Void> h, long start, String word, long n)
            throws Exception {
        h.processElement(new WordCount(WindowKey.of(start, word), n), start);
    }

    private static void awaitWrites(String... expected) throws Exception {
        CommonTestUtils.waitUtil(
                () -> WRITES.size() >= expected.length,
                Duration.ofSeconds(10),
                Duration.ofMillis(10),
                "writes " + List.of(expected) + ", got " + WRITES);
        assertThat(WRITES).containsExactlyInAnyOrder(expected);
        WRITES.clear();
    }

    @Test
    void writesEachChangedWindowAfterItsCheckpointAndMovesLatestOnlyForward() throws Exception {
        var h = open(null);
        count(h, 0, "a", 3);
        count(h, 0, "b", 5);
        count(h, 0, "c", 1); // below the top 2
        count(h, 1000, "a", 2);
        h.snapshot(1, 1);
        assertThat(WRITES).as("nothing before the checkpoint completes").isEmpty();
        h.notifyOfCompletedCheckpoint(1);
        awaitWrites("window#0 1 b=5,a=3", "window#1000 1 a=2", "window#latest 1 a=2");

        // A late firing of window 0: its list again, window#latest stays on window 1000.
        count(h, 0, "c", 9);
        h.snapshot(2, 2);
        h.notifyOfCompletedCheckpoint(2);
        awaitWrites("window#0 2 c=9,b=5");

        // A count that changes nothing in a top: nothing to write.
        count(h, 0, "a", 4);
        h.snapshot(3, 3);
        h.notifyOfCompletedCheckpoint(3);
        count(h, 2000, "z", 1);
        h.snapshot(4, 4);
        h.notifyOfCompletedCheckpoint(4);
        awaitWrites("window#2000 4 z=1", "window#latest 4 z=1");
    }

    @Test
    void aSnapshotKeepsOnlyWindowsTheWatermarkHasNotClosedAndARestoreWritesThemAgain()
            throws Exception {
        var h = open(null);
        count(h, 0, "a", 3);
        count(h, 1000, "b", 2);
        count(h, 2000, "c", 1);
        // Windows [0, 1000) and [1000, 2000) are closed for good; [2000, 3000) is not.
        h.processWatermark(new Watermark(1999));
        OperatorSubtaskState state = h.snapshot(5, 5);
        h.notifyOfCompletedCheckpoint(5);
        awaitWrites(
                "window#0 5 a=3", "window#1000 5 b=2", "window#2000 5 c=1", "window#latest 5 c=1");

        // Only the open window is in the state. (The test harness restores without a checkpoint id,
        // so the lists go out as of checkpoint 0; a job writes them with the restored one.)
        open(state);
        awaitWrites("window#2000 0 c=1", "window#latest 0 c=1");
    }
}
