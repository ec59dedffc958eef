package dev.streamcount.cli;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent count of the same input, to check the job against: the tokenizing rule restated as
 * a regular expression ({@code \p{L}} and {@code \p{Nd}} are exactly the categories {@link
 * Character#isLetterOrDigit(int)} accepts), with none of the job's code.
 */
public final class ReferenceWordCount {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{Nd}]+");
    private static final int MAX_KEY_BYTES = 2048;

    private final Map<String, Long> counts = new HashMap<>();
    private long words;

    public void add(byte[] record) {
        if (record == null) {
            return;
        }
        Matcher m = WORD.matcher(new String(record, StandardCharsets.UTF_8));
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT);
            if (w.getBytes(StandardCharsets.UTF_8).length <= MAX_KEY_BYTES) {
                counts.merge(w, 1L, Long::sum);
                words++;
            }
        }
    }

    public Map<String, Long> counts() {
        return counts;
    }

    public long words() {
        return words;
    }
}
