package dev.streamcount.job;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The one tokenizing rule, stated so anyone can recompute the counts independently:
 *
 * <ol>
 *   <li>decode the record value as UTF-8, replacing malformed input with U+FFFD;
 *   <li>a word is a maximal run of code points for which {@link Character#isLetterOrDigit(int)} is
 *       true (U+FFFD is not, so malformed bytes separate words);
 *   <li>the word is lowercased with {@code toLowerCase(Locale.ROOT)};
 *   <li>a word whose UTF-8 form is longer than {@value #MAX_WORD_UTF8_BYTES} bytes (DynamoDB's
 *       partition-key limit) is reported as oversize and never counted.
 * </ol>
 */
public final class Tokenizer {

    /** DynamoDB's limit on the size of a partition key value. */
    public static final int MAX_WORD_UTF8_BYTES = 2048;

    /** Receives what one record splits into. */
    public interface Listener {
        void word(String word);

        void oversizeWord(int utf8Bytes, String word);
    }

    private Tokenizer() {}

    /**
     * Splits one record value; {@code value} must not be null.
     *
     * @return true if the value held malformed UTF-8 (decoded as U+FFFD, which separates words)
     */
    public static boolean tokenize(byte[] value, Listener listener) {
        // String(byte[], UTF_8) always replaces malformed input with U+FFFD; no lone surrogates result.
        String text = new String(value, StandardCharsets.UTF_8);
        int replacements = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                if (cp == 0xFFFD) replacements++;
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            do {
                i += Character.charCount(cp);
            } while (i < n && Character.isLetterOrDigit(cp = text.codePointAt(i)));
            String word = text.substring(start, i).toLowerCase(Locale.ROOT);
            // Lowercasing can change the length (e.g. U+0130), so measure what would be stored.
            int bytes = utf8Length(word);
            if (bytes > MAX_WORD_UTF8_BYTES) {
                listener.oversizeWord(bytes, word);
            } else {
                listener.word(word);
            }
        }
        // Malformed only if decoding made U+FFFD that the bytes did not already encode (EF BF BD).
        return replacements > 0 && replacements > encodedReplacements(value);
    }

    private static int encodedReplacements(byte[] value) {
        int n = 0;
        for (int i = 0; i + 2 < value.length; i++) {
            if (value[i] == (byte) 0xEF && value[i + 1] == (byte) 0xBF && value[i + 2] == (byte) 0xBD) n++;
        }
        return n;
    }

    /** The length of {@code s} encoded as UTF-8, without encoding it. */
    public static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += Character.charCount(cp);
        }
        return bytes;
    }
}
