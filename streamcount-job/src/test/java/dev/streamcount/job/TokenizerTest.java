package dev.streamcount.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    private final List<String> words = new ArrayList<>();
    private final List<Integer> oversize = new ArrayList<>();

    private List<String> tokenize(String text) {
        return tokenize(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> tokenize(byte[] bytes) {
        words.clear();
        oversize.clear();
        Tokenizer.tokenize(
                bytes,
                new Tokenizer.Listener() {
                    @Override
                    public void word(String word) {
                        words.add(word);
                    }

                    @Override
                    public void oversizeWord(int utf8Bytes, String word) {
                        oversize.add(utf8Bytes);
                    }
                });
        return words;
    }

    @Test
    void splitsAsciiOnAnythingButLettersAndDigits() {
        assertThat(tokenize("Hello, world! hello-WORLD_42 x1y2")).containsExactly("hello", "world", "hello", "world", "42", "x1y2");
    }

    @Test
    void lineStartingAndEndingWithPunctuationHasNoEmptyWords() {
        assertThat(tokenize("...,;  (quoted) --")).containsExactly("quoted");
        assertThat(tokenize("!!!")).isEmpty();
        assertThat(tokenize("")).isEmpty();
    }

    @Test
    void lettersOfSeveralScriptsAreWords() {
        assertThat(tokenize("Straße ΑΘΉΝΑ Москва 東京タワー عربي שלום"))
                .containsExactly("straße", "αθήνα", "москва", "東京タワー", "عربي", "שלום");
    }

    @Test
    void digitsOfOtherScriptsAreWordCharacters() {
        // Arabic-Indic digits and Devanagari digits are Character.isDigit.
        assertThat(tokenize("٣٤٥ ४२")).containsExactly("٣٤٥", "४२");
    }

    @Test
    void emojiAndSymbolsSeparateWords() {
        assertThat(tokenize("coffee☕tea🍵milk € 5€")).containsExactly("coffee", "tea", "milk", "5");
    }

    @Test
    void combiningMarksSplitWordsBecauseTheyAreNotLetters() {
        // "e" + COMBINING ACUTE ACCENT: the mark is not a letter, so the rule splits there.
        assertThat(tokenize("cafe\u0301s")).containsExactly("cafe", "s");
    }

    @Test
    void malformedUtf8BecomesReplacementCharacterWhichSeparates() {
        byte[] bytes = {'a', 'b', (byte) 0xC3, 'c', 'd', (byte) 0xFF, (byte) 0xFE, 'e'};
        assertThat(tokenize(bytes)).containsExactly("ab", "cd", "e");
    }

    @Test
    void controlBytesAndNulSeparate() {
        assertThat(tokenize(new byte[] {'a', 0, 'b', 7, 'c', '\t', 'd'})).containsExactly("a", "b", "c", "d");
    }

    @Test
    void wordOfExactly2048BytesIsCountedAnd2049IsNot() {
        assertThat(tokenize("a".repeat(2048))).containsExactly("a".repeat(2048));
        assertThat(oversize).isEmpty();

        assertThat(tokenize("b".repeat(2049) + " ok")).containsExactly("ok");
        assertThat(oversize).containsExactly(2049);
    }

    @Test
    void limitCountsUtf8BytesNotChars() {
        // 'é' is 2 bytes in UTF-8: 1024 of them is 2048 bytes (counted), 1025 is 2050 (not).
        assertThat(tokenize("é".repeat(1024))).hasSize(1);
        assertThat(tokenize("é".repeat(1025))).isEmpty();
        assertThat(oversize).containsExactly(2050);
        // A supplementary-plane letter is 4 bytes.
        assertThat(tokenize("𝐀".repeat(512))).hasSize(1);
        assertThat(tokenize("𝐀".repeat(513))).isEmpty();
    }

    @Test
    void utf8LengthMatchesTheEncoder() {
        for (String s : List.of("", "abc", "é", "東京", "𝐀x", "🍵")) {
            assertThat(Tokenizer.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void reportsMalformedUtf8ButNotAGenuineReplacementCharacter() {
        Tokenizer.Listener ignore = new Tokenizer.Listener() {
            @Override
            public void word(String word) {}

            @Override
            public void oversizeWord(int utf8Bytes, String word) {}
        };
        assertThat(Tokenizer.tokenize(new byte[] {'a', (byte) 0xFF, 'b'}, ignore)).isTrue();
        assertThat(Tokenizer.tokenize("a\uFFFDb".getBytes(StandardCharsets.UTF_8), ignore)).isFalse();
        assertThat(Tokenizer.tokenize("plain text".getBytes(StandardCharsets.UTF_8), ignore)).isFalse();
        byte[] both = {'a', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, 'b', (byte) 0xC3, 'c'};
        assertThat(Tokenizer.tokenize(both, ignore)).as("a genuine U+FFFD and a malformed byte").isTrue();
    }
}
