package dev.streamcount.local;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded, deterministic text with a Zipf-distributed vocabulary, which also keeps the expected
 * count of every word it wrote. Expected counts come from here — from what was generated — never
 * from the code under test.
 *
 * <p>Vocabulary words are made of letters only, unique per rank, and written lowercase or
 * capitalized, between spaces and punctuation; every one is a single word under streamcount's
 * tokenizing rule and lowercases to its vocabulary form.
 */
public final class TextGenerator {

    private static final String[] SYLLABLES = {
        "ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "de", "gu", "ba", "fe", "zo", "hi", "ju",
        "xa", "ré", "ñu", "mö", "sø"
    };
    private static final String[] SEPARATORS = {
        " ", " ", " ", " ", ", ", ". ", " - ", "; ", "! ", " (", ") "
    };

    private final SplittableRandom random;
    private final String[] vocabulary;
    private final double[] cumulative;
    private final long[] counts;
    private final int maxWordsPerLine;
    private long wordsGenerated;

    /**
     * @param seed the same seed gives the same text
     * @param vocabularySize number of distinct words
     * @param skew the Zipf exponent s: rank k has weight 1/k^s
     * @param maxWordsPerLine lines hold 1 to this many words
     */
    public TextGenerator(long seed, int vocabularySize, double skew, int maxWordsPerLine) {
        if (vocabularySize < 1 || maxWordsPerLine < 1 || skew < 0) {
            throw new IllegalArgumentException(
                    "vocabulary and words per line must be >= 1, skew >= 0");
        }
        this.random = new SplittableRandom(seed);
        this.vocabulary = new String[vocabularySize];
        this.cumulative = new double[vocabularySize];
        this.counts = new long[vocabularySize];
        this.maxWordsPerLine = maxWordsPerLine;
        double sum = 0;
        for (int k = 0; k < vocabularySize; k++) {
            vocabulary[k] = wordForRank(k);
            sum += 1.0 / Math.pow(k + 1, skew);
            cumulative[k] = sum;
        }
        for (int k = 0; k < vocabularySize; k++) {
            cumulative[k] /= sum;
        }
    }

    public TextGenerator(long seed, int vocabularySize, double skew) {
        this(seed, vocabularySize, skew, 16);
    }

    /** A unique word for each rank: the rank written in base-20 syllables, at least two of them. */
    static String wordForRank(int rank) {
        StringBuilder sb = new StringBuilder();
        int n = rank;
        do {
            sb.append(SYLLABLES[n % SYLLABLES.length]);
            n /= SYLLABLES.length;
        } while (n > 0);
        if (rank < SYLLABLES.length) {
            sb.append("n"); // keep one-syllable ranks distinct from multi-syllable prefixes
        }
        return sb.toString();
    }

    private int nextRank() {
        double u = random.nextDouble();
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The next line of text; its words are added to {@link #expectedCounts()}. */
    public String nextLine() {
        int words = 1 + random.nextInt(maxWordsPerLine);
        StringBuilder line = new StringBuilder(words * 8);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                line.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            }
            int rank = nextRank();
            counts[rank]++;
            String w = vocabulary[rank];
            if (random.nextInt(8) == 0) {
                line.appendCodePoint(Character.toUpperCase(w.codePointAt(0)))
                        .append(w, Character.charCount(w.codePointAt(0)), w.length());
            } else {
                line.append(w);
            }
        }
        wordsGenerated += words;
        return line.toString();
    }

    /** Total words in all lines so far. */
    public long wordsGenerated() {
        return wordsGenerated;
    }

    /** Word → number of times it was generated, for every word generated at least once. */
    public Map<String, Long> expectedCounts() {
        Map<String, Long> m = new HashMap<>();
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] > 0) {
                m.put(vocabulary[k], counts[k]);
            }
        }
        return m;
    }
}
