package dev.streamcount.job.window;

/**
 * The key a window's count travels under from the window operator to the committer: the window's
 * start and the word, as {@code "<start> <word>"}. Unambiguous because a word never holds a space
 * ({@link dev.streamcount.job.count.Tokenizer} splits on everything that is not a letter or digit).
 * A string, so the committer keeps one code path and one state type for both tables.
 */
public final class WindowKey {
    private WindowKey() {}

    public static String of(long windowStart, String word) {
        return windowStart + " " + word;
    }

    public static long start(String key) {
        return Long.parseLong(key.substring(0, key.indexOf(' ')));
    }

    public static String word(String key) {
        return key.substring(key.indexOf(' ') + 1);
    }
}
