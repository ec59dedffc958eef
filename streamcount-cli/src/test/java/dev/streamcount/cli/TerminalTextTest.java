package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void controlAndReorderingCharactersAreShownAsEscapes() {
        assertThat(TerminalText.safe("plain wörd 字")).isEqualTo("plain wörd 字");
        assertThat(TerminalText.safe("a\u001b]0;pwned\u0007b")).isEqualTo("a\\x1b]0;pwned\\x07b");
        assertThat(TerminalText.safe("\r\n\t\u007f\u009b")).isEqualTo("\\x0d\\x0a\\x09\\x7f\\x9b");
        assertThat(TerminalText.safe("abc\u202edef")).isEqualTo("abc\\u202edef");
    }

    @Test
    void topPrintsAWordFromTheTableWithoutItsEscapeSequence() {
        StringWriter out = new StringWriter();
        TopCommand.print(new PrintWriter(out), Map.of("\u001b[2Jevil", 3L, "fine", 2L), 10);
        assertThat(out.toString()).doesNotContain("\u001b").contains("\\x1b[2Jevil", "fine");
    }
}
