package dev.streamcount.job.count;

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
        assertThat(tokenize("Hello, world! hello-WORLD_42 x1y2"))
                .containsExactly("hello", "world", "hello", "world", "42", "x1y2");
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
        assertThat(tokenize(new byte[] {'a', 0, 'b', 7, 'c', '\t', 'd'}))
                .containsExactly("a", "b", "c", "d");
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
            assertThat(Tokenizer.utf8Length(s))
                    .as(s)
                    .isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void reportsMalformedUtf8ButNotAGenuineReplacementCharacter() {
        Tokenizer.Listener ignore =
                new Tokenizer.Listener() {
                    @Override
                    public void word(String word) {}

                    @Override
                    public void oversizeWord(int utf8Bytes, String word) {}
                };
        assertThat(Tokenizer.tokenize(new byte[] {'a', (byte) 0xFF, 'b'}, ignore)).isTrue();
        assertThat(Tokenizer.tokenize("a\uFFFDb".getBytes(StandardCharsets.UTF_8), ignore))
                .isFalse();
        assertThat(Tokenizer.tokenize("plain text".getBytes(StandardCharsets.UTF_8), ignore))
                .isFalse();
        byte[] both = {'a', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, 'b', (byte) 0xC3, 'c'};
        assertThat(Tokenizer.tokenize(both, ignore))
                .as("a genuine U+FFFD and a malformed byte")
                .isTrue();
    }

    /** The counts and oversize sizes the String path gives for {@code value}. */
    private java.util.Map<String, Long> stringPath(byte[] value, List<Integer> oversizeOut) {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        Tokenizer.tokenize(
                value,
                new Tokenizer.Listener() {
                    @Override
                    public void word(String word) {
                        counts.merge(word, 1L, Long::sum);
                    }

                    @Override
                    public void oversizeWord(int utf8Bytes, String word) {
                        oversizeOut.add(utf8Bytes);
                    }
                });
        return counts;
    }

    @Test
    void allocationFreePathCountsExactlyWhatTheStringPathDoes() {
        // Upper/lower ASCII and Latin-1 (incl. ß, ÿ, µ, ª, ×, ÷), letters whose lowercase changes
        // length
        // (İ), Greek sigma, CJK, a supplementary letter, emoji, digits, separators, malformed
        // bytes.
        String[] latin1 = {
            "a", "Z", "q", "7", "É", "é", "ß", "ÿ", "µ", "ª", "×", "÷", "À", "Ø", " ", ",", "-",
            "\t", "\u0080"
        };
        String[] other = {"İ", "Σ", "ς", "東", "𝐀", "🍵", "\u0301", "\uFFFD", "Ā"};
        byte[][] badBytes = {
            {(byte) 0xFF},
            {(byte) 0xC3},
            {(byte) 0x80},
            {(byte) 0xC0, (byte) 0x80},
            {(byte) 0xC3, 'a'}
        };
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        char[] buffer = new char[Tokenizer.MAX_WORD_UTF8_BYTES];
        for (int round = 0; round < 4000; round++) {
            // Even rounds: Latin-1 only (the byte path); odd rounds: mixed scripts (the String
            // path).
            StringBuilder sb = new StringBuilder();
            boolean oneWord = round % 100 < 2;
            int len = oneWord ? 1000 + random.nextInt(1200) : random.nextInt(40);
            for (int i = 0; i < len; i++) {
                if (oneWord) {
                    sb.append(latin1[random.nextInt(8)]);
                } else if (round % 2 == 0 || random.nextInt(4) > 0) {
                    sb.append(latin1[random.nextInt(latin1.length)]);
                } else {
                    sb.append(other[random.nextInt(other.length)]);
                }
            }
            byte[] value = sb.toString().getBytes(StandardCharsets.UTF_8);
            if (round % 5 == 1 && value.length > 2) {
                // Splice malformed bytes in anywhere, also inside a two-byte sequence or at the
                // end.
                byte[] bad = badBytes[random.nextInt(badBytes.length)];
                int at = random.nextInt(value.length + 1);
                byte[] spliced = new byte[value.length + bad.length];
                System.arraycopy(value, 0, spliced, 0, at);
                System.arraycopy(bad, 0, spliced, at, bad.length);
                System.arraycopy(value, at, spliced, at + bad.length, value.length - at);
                value = spliced;
            }
            List<Integer> expectedOversize = new ArrayList<>();
            java.util.Map<String, Long> expected = stringPath(value, expectedOversize);
            WordCounts counts = new WordCounts(4);
            List<Integer> actualOversize = new ArrayList<>();
            boolean malformed =
                    Tokenizer.tokenize(
                            value,
                            counts,
                            buffer,
                            new Tokenizer.Listener() {
                                @Override
                                public void word(String word) {
                                    throw new AssertionError("words go to the counts");
                                }

                                @Override
                                public void oversizeWord(int utf8Bytes, String word) {
                                    actualOversize.add(utf8Bytes);
                                }
                            });
            java.util.Map<String, Long> actual = new java.util.HashMap<>();
            counts.forEach(actual::put);
            assertThat(actual).as(sb.toString()).isEqualTo(expected);
            assertThat(actualOversize).isEqualTo(expectedOversize);
            assertThat(malformed)
                    .isEqualTo(
                            Tokenizer.tokenize(
                                    value,
                                    new Tokenizer.Listener() {
                                        @Override
                                        public void word(String word) {}

                                        @Override
                                        public void oversizeWord(int utf8Bytes, String word) {}
                                    }));
        }
    }

    @Test
    void wordCountsGrowAndKeepEveryCount() {
        WordCounts counts = new WordCounts(1);
        java.util.Map<String, Long> expected = new java.util.HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            String w = "w" + (i * 7919 % 20_000);
            char[] chars = w.toCharArray();
            counts.add(chars, chars.length, w.hashCode(), 2);
            expected.merge(w, 2L, Long::sum);
        }
        assertThat(counts.size()).isEqualTo(expected.size());
        java.util.Map<String, Long> actual = new java.util.HashMap<>();
        counts.forEach(actual::put);
        assertThat(actual).isEqualTo(expected);
        assertThat(counts.get("w0")).isEqualTo(expected.get("w0"));
        counts.clear();
        assertThat(counts.size()).isZero();
        assertThat(counts.get("w0")).isZero();
    }
}
