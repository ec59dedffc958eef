package dev.streamcount.cli;

/**
 * Words as a terminal may show them. A word is user input, and a table may hold items any writer
 * put there: printed raw, an escape sequence in one could move the cursor, rewrite earlier lines,
 * retitle the window or, in some terminals, answer back. Control characters (C0, DEL, C1) and the
 * bidirectional overrides that reorder what is shown come out as visible escapes ({@code \x1b},
 * {@code \u202e}); everything else is printed as it is.
 */
final class TerminalText {
    private TerminalText() {}

    /** {@code s} with every control and bidirectional-override character escaped. */
    static String safe(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isUnsafe(c)) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append(
                        c < 0x100
                                ? String.format("\\x%02x", (int) c)
                                : String.format("\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private static boolean isUnsafe(char c) {
        return Character.isISOControl(c)
                || c == '\u061c'
                || c == '\u200e'
                || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
