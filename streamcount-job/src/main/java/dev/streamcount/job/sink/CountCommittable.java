package dev.streamcount.job.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * What one writer subtask hands over at one checkpoint: the newest absolute total of every word
 * that changed since the previous checkpoint. Committed only once that checkpoint has completed.
 */
public final class CountCommittable {
    private final int subtask;
    private final String[] words;
    private final long[] totals;

    public CountCommittable(int subtask, String[] words, long[] totals) {
        if (words.length != totals.length) {
            throw new IllegalArgumentException("words and totals differ in length");
        }
        this.subtask = subtask;
        this.words = words;
        this.totals = totals;
    }

    public int subtask() {
        return subtask;
    }

    public int size() {
        return words.length;
    }

    public String word(int i) {
        return words[i];
    }

    public long total(int i) {
        return totals[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CountCommittable c
                && c.subtask == subtask
                && Arrays.equals(c.words, words)
                && Arrays.equals(c.totals, totals);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(words) + Arrays.hashCode(totals) + subtask;
    }

    @Override
    public String toString() {
        return "CountCommittable{subtask=" + subtask + ", words=" + words.length + "}";
    }

    /** Version 1: subtask, count, then (UTF-8 word, total) pairs. */
    public static final class Serializer implements SimpleVersionedSerializer<CountCommittable> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(CountCommittable c) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + c.size() * 16);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(c.subtask);
                out.writeInt(c.size());
                for (int i = 0; i < c.size(); i++) {
                    out.writeUTF(
                            c.words[i]); // words are at most 2048 UTF-8 bytes, under writeUTF's 64
                    // KiB
                    out.writeLong(c.totals[i]);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public CountCommittable deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("Unknown CountCommittable version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int subtask = in.readInt();
                int n = in.readInt();
                String[] words = new String[n];
                long[] totals = new long[n];
                for (int i = 0; i < n; i++) {
                    words[i] = in.readUTF();
                    totals[i] = in.readLong();
                }
                return new CountCommittable(subtask, words, totals);
            }
        }
    }
}
