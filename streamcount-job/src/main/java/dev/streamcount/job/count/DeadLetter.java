package dev.streamcount.job.count;

import dev.streamcount.job.kafka.KafkaRecord;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A record, or a word of it, that was not counted: where it came from and why. Written as JSON to
 * the dead-letter topic, e.g. {@code
 * {"topic":"input","partition":1,"offset":42,"reason":"tombstone"}}.
 */
public class DeadLetter {
    public static final String TOMBSTONE = "tombstone";
    public static final String EMPTY = "empty record";

    /** A record whose window closed more than the allowed lateness before it came. */
    public static final String LATE = "late";

    public String topic;
    public int partition;
    public long offset;
    public String reason;

    public DeadLetter() {}

    public DeadLetter(KafkaRecord from, String reason) {
        this.topic = from.topic;
        this.partition = from.partition;
        this.offset = from.offset;
        this.reason = reason;
    }

    /**
     * Occurrences of a word the window operator found late (their origin is not known there: the
     * tokenizer combined them), with partition and offset -1.
     */
    public static DeadLetter lateAtWindow(String topic, String word, long count, long sizeMillis) {
        DeadLetter d = new DeadLetter();
        d.topic = topic;
        d.partition = -1;
        d.offset = -1;
        d.reason =
                LATE
                        + ": "
                        + count
                        + " of '"
                        + word
                        + "' came after their window closed (a partition behind the others)";
        return d;
    }

    static String oversizeWord(int utf8Bytes) {
        return "word of "
                + utf8Bytes
                + " UTF-8 bytes exceeds DynamoDB's "
                + Tokenizer.MAX_WORD_UTF8_BYTES
                + "-byte key limit";
    }

    public byte[] toJson() {
        return ("{\"topic\":\""
                        + escape(topic)
                        + "\",\"partition\":"
                        + partition
                        + ",\"offset\":"
                        + offset
                        + ",\"reason\":\""
                        + escape(reason)
                        + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d
                && d.partition == partition
                && d.offset == offset
                && Objects.equals(d.topic, topic)
                && Objects.equals(d.reason, reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset, reason);
    }

    @Override
    public String toString() {
        return new String(toJson(), StandardCharsets.UTF_8);
    }
}
