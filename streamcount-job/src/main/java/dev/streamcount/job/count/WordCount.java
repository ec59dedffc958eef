package dev.streamcount.job.count;

import java.util.Objects;

/**
 * A word and a count: either the number of times a word occurred in one record (tokenizer output)
 * or a word's absolute running total (counting operator output).
 *
 * <p>A public POJO with a no-arg constructor and public fields, so Flink uses its POJO serializer
 * and never falls back to Kryo (the topology disables generic types to make sure).
 */
public class WordCount {
    public String word;
    public long count;

    public WordCount() {}

    public WordCount(String word, long count) {
        this.word = word;
        this.count = count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WordCount other
                && count == other.count
                && Objects.equals(word, other.word);
    }

    @Override
    public int hashCode() {
        return Objects.hash(word, count);
    }

    @Override
    public String toString() {
        return word + "=" + count;
    }
}
