package dev.streamcount.cli.bench;

/**
 * What one benchmark phase measured.
 *
 * @param words words the phase processed (its input, or the prefix it ran on)
 * @param seconds from the first record read to the phase's end (drained, or table verified)
 * @param items DynamoDB items written, counted at the SDK ({@link DynamoDbWriteMeter}); -1 if it
 *     writes none
 * @param latency produce → visible latency of marker records, or null
 * @param table what the phase's table held at the end: "verified", or what was wrong, or "-"
 * @param note what else to know about the phase, such as its own unit of throughput
 */
record BenchResult(
        String phase,
        long words,
        double seconds,
        long items,
        long peakHeapBytes,
        long peakRssBytes,
        LatencyProbe.Result latency,
        String table,
        String note) {

    static final String VERIFIED = "verified";

    double wordsPerSecond() {
        return words / seconds;
    }

    boolean verified() {
        return VERIFIED.equals(table);
    }

    BenchResult withMemory(long peakHeap, long peakRss) {
        return new BenchResult(
                phase, words, seconds, items, peakHeap, peakRss, latency, table, note);
    }
}
