package dev.streamcount.job.count;

import java.util.Arrays;

/**
 * Word → count, in an open-addressing hash table that can look a word up straight from a char
 * buffer: counting a word that is already in the table allocates nothing, and a {@link String} is
 * made only the first time a word is seen. The tokenizer's hot path counts into this instead of a
 * {@code HashMap<String, ...>}, which needs a new String (and its array) for every word read.
 *
 * <p>Hashes are {@link String#hashCode()} of the word, so callers can compute them while copying.
 */
public final class WordCounts {

    /** Receives each word and its count. */
    @FunctionalInterface
    public interface Consumer {
        void accept(String word, long count);
    }

    private String[] keys;
    private int[] hashes;
    private long[] counts;
    private int size;

    public WordCounts(int expectedWords) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedWords * 2 - 1)) << 1;
        keys = new String[capacity];
        hashes = new int[capacity];
        counts = new long[capacity];
    }

    /**
     * Adds {@code n} to the word held in {@code chars[0, length)}, whose String hash is {@code
     * hash}.
     */
    public void add(char[] chars, int length, int hash, long n) {
        int mask = keys.length - 1;
        for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (key == null) {
                insert(slot, new String(chars, 0, length), hash, n);
                return;
            }
            if (hashes[slot] == hash && equals(key, chars, length)) {
                counts[slot] += n;
                return;
            }
        }
    }

    /** Adds {@code n} to {@code word}. */
    public void add(String word, long n) {
        int hash = word.hashCode();
        int mask = keys.length - 1;
        for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (key == null) {
                insert(slot, word, hash, n);
                return;
            }
            if (hashes[slot] == hash && key.equals(word)) {
                counts[slot] += n;
                return;
            }
        }
    }

    /** The count of {@code word}, 0 if absent. */
    public long get(String word) {
        int hash = word.hashCode();
        int mask = keys.length - 1;
        for (int slot = spread(hash) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
            if (hashes[slot] == hash && keys[slot].equals(word)) {
                return counts[slot];
            }
        }
        return 0;
    }

    /** Number of distinct words. */
    public int size() {
        return size;
    }

    /** Calls {@code consumer} with every word and its count, in no particular order. */
    public void forEach(Consumer consumer) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                consumer.accept(keys[i], counts[i]);
            }
        }
    }

    /** Removes every word, keeping the capacity. */
    public void clear() {
        if (size > 0) {
            Arrays.fill(keys, null);
            size = 0;
        }
    }

    private void insert(int slot, String word, int hash, long n) {
        keys[slot] = word;
        hashes[slot] = hash;
        counts[slot] = n;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    private void grow() {
        String[] oldKeys = keys;
        int[] oldHashes = hashes;
        long[] oldCounts = counts;
        keys = new String[oldKeys.length * 2];
        hashes = new int[keys.length];
        counts = new long[keys.length];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = spread(oldHashes[i]) & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                hashes[slot] = oldHashes[i];
                counts[slot] = oldCounts[i];
            }
        }
    }

    private static boolean equals(String key, char[] chars, int length) {
        if (key.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (key.charAt(i) != chars[i]) {
                return false;
            }
        }
        return true;
    }

    /** String hashes of similar words differ in low bits poorly; mix them before masking. */
    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }
}
