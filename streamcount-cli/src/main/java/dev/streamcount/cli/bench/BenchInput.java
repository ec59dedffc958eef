package dev.streamcount.cli.bench;

import java.util.Map;

/**
 * The preloaded input every phase reads: how much of it there is, and the count of every word as
 * the generator wrote it (the expected counts, independent of any pipeline).
 */
record BenchInput(long records, long words, long bytes, Map<String, Long> expected) {}
