package dev.streamcount.job.count;

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

    /** Receives the words too long to count. */
    @FunctionalInterface
    public interface OversizeListener {
        void oversizeWord(int utf8Bytes, String word);
    }

    /** Receives what one record splits into. */
    public interface Listener extends OversizeListener {
        void word(String word);
    }

    private Tokenizer() {}

    /**
     * Splits one record value; {@code value} must not be null.
     *
     * @return true if the value held malformed UTF-8 (decoded as U+FFFD, which separates words)
     */
    public static boolean tokenize(byte[] value, Listener listener) {
        // String(byte[], UTF_8) always replaces malformed input with U+FFFD; no lone surrogates
        // result.
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

    /**
     * Latin-1 character → whether it is a letter or digit, and its lowercase, by the rule above.
     */
    private static final boolean[] LATIN1_WORD_CHAR = new boolean[256];

    private static final char[] LATIN1_LOWER = new char[256];

    static {
        for (int c = 0; c < 256; c++) {
            LATIN1_WORD_CHAR[c] = Character.isLetterOrDigit(c);
            // Within Latin-1, String.toLowerCase(Locale.ROOT) maps each character on its own, and
            // every lowercase is Latin-1 again, with the same UTF-8 length.
            LATIN1_LOWER[c] = (char) Character.toLowerCase(c);
        }
    }

    /**
     * Splits one record value by the same rule and counts its words into {@code counts}; oversize
     * words go to {@code oversize}. A value that is valid UTF-8 of Latin-1 characters only (ASCII
     * and most text in Western European languages) is split straight from its bytes, and a word
     * already in {@code counts} allocates nothing; any other value takes the String path of {@link
     * #tokenize(byte[], Listener)}, with its words counted into {@code counts}.
     *
     * @param buffer scratch space of at least {@value #MAX_WORD_UTF8_BYTES} chars, reused across
     *     calls
     * @return true if the value held malformed UTF-8
     */
    public static boolean tokenize(
            byte[] value, WordCounts counts, char[] buffer, OversizeListener oversize) {
        if (!isLatin1Utf8(value)) {
            return tokenize(
                    value,
                    new Listener() {
                        @Override
                        public void word(String word) {
                            counts.add(word, 1);
                        }

                        @Override
                        public void oversizeWord(int utf8Bytes, String word) {
                            oversize.oversizeWord(utf8Bytes, word);
                        }
                    });
        }
        int n = value.length;
        int i = 0;
        while (i < n) {
            int c = latin1At(value, i);
            if (!LATIN1_WORD_CHAR[c]) {
                i += c < 0x80 ? 1 : 2;
                continue;
            }
            int start = i;
            int length = 0;
            int hash = 0;
            do {
                char lower = LATIN1_LOWER[c];
                if (length < buffer.length) buffer[length] = lower;
                length++;
                hash = 31 * hash + lower;
                i += c < 0x80 ? 1 : 2;
            } while (i < n && LATIN1_WORD_CHAR[c = latin1At(value, i)]);
            // Lowercasing keeps each character's UTF-8 length, so the word's bytes are its input
            // bytes.
            int bytes = i - start;
            if (bytes > MAX_WORD_UTF8_BYTES) {
                oversize.oversizeWord(
                        bytes,
                        new String(value, start, bytes, StandardCharsets.UTF_8)
                                .toLowerCase(Locale.ROOT));
            } else {
                counts.add(buffer, length, hash, 1);
            }
        }
        return false;
    }

    /** Whether {@code value} is valid UTF-8 encoding only code points up to U+00FF. */
    private static boolean isLatin1Utf8(byte[] value) {
        for (int i = 0; i < value.length; i++) {
            byte b = value[i];
            if (b >= 0) {
                continue;
            }
            // U+0080..U+00FF are exactly the two-byte sequences C2 80..C3 BF.
            if ((b == (byte) 0xC2 || b == (byte) 0xC3)
                    && i + 1 < value.length
                    && (value[i + 1] & 0xC0) == 0x80) {
                i++;
                continue;
            }
            return false;
        }
        return true;
    }

    /** The Latin-1 character at {@code i} of a value {@link #isLatin1Utf8} accepted. */
    private static int latin1At(byte[] value, int i) {
        int b = value[i] & 0xFF;
        return b < 0x80 ? b : ((b & 0x1F) << 6) | (value[i + 1] & 0x3F);
    }

    private static int encodedReplacements(byte[] value) {
        int n = 0;
        for (int i = 0; i + 2 < value.length; i++) {
            if (value[i] == (byte) 0xEF
                    && value[i + 1] == (byte) 0xBF
                    && value[i + 2] == (byte) 0xBD) n++;
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
