package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.count.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The job's tokenizer and the demo's independent regex count must agree on any input, or the demo's
 * "verified" would check nothing. Random inputs mix every Unicode plane, malformed bytes and words
 * around the 2048-byte limit.
 */
class ReferenceWordCountTest {

    private static Map<String, Long> viaTokenizer(byte[] record) {
        Map<String, Long> counts = new HashMap<>();
        Tokenizer.tokenize(
                record,
                new Tokenizer.Listener() {
                    @Override
                    public void word(String word) {
                        counts.merge(word, 1L, Long::sum);
                    }

                    @Override
                    public void oversizeWord(int utf8Bytes, String word) {}
                });
        return counts;
    }

    private static Map<String, Long> viaReference(byte[] record) {
        ReferenceWordCount ref = new ReferenceWordCount();
        ref.add(record);
        return ref.counts();
    }

    @Test
    void agreesWithTheTokenizerOnRandomText() {
        SplittableRandom random = new SplittableRandom(2024);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(200);
            for (int j = 0; j < length; j++) {
                int cp =
                        switch (random.nextInt(4)) {
                            case 0 -> random.nextInt(0x80);
                            case 1 -> random.nextInt(0x800);
                            case 2 -> random.nextInt(0x10000);
                            default -> random.nextInt(0x110000);
                        };
                if (Character.isSurrogate((char) cp) && cp < 0x10000) cp = 'x';
                sb.appendCodePoint(cp);
            }
            byte[] record = sb.toString().getBytes(StandardCharsets.UTF_8);
            assertThat(viaReference(record)).as("input %s", sb).isEqualTo(viaTokenizer(record));
        }
    }

    @Test
    void agreesWithTheTokenizerOnRandomBytes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 3000; i++) {
            byte[] record = new byte[random.nextInt(300)];
            for (int j = 0; j < record.length; j++) record[j] = (byte) random.nextInt(256);
            assertThat(viaReference(record)).isEqualTo(viaTokenizer(record));
        }
    }

    @Test
    void agreesAroundTheKeySizeLimit() {
        for (String w :
                new String[] {
                    "a".repeat(2047),
                    "a".repeat(2048),
                    "a".repeat(2049),
                    "é".repeat(1024),
                    "é".repeat(1025),
                    "İ".repeat(700)
                }) {
            byte[] record = (w + " tail").getBytes(StandardCharsets.UTF_8);
            assertThat(viaReference(record)).isEqualTo(viaTokenizer(record));
        }
    }
}
