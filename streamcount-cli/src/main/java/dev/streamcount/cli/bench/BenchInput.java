package dev.streamcount.cli.bench;

import java.time.Duration;
import java.util.Map;

/**
 * The preloaded input every phase reads: how much of it there is, the count of every word as the
 * generator wrote it (the expected counts, independent of any pipeline), and the count of every
 * word in every {@link #WINDOW} window of the timestamps the records were given (keys {@code
 * "<window start> <word>"}, from a regular expression over the same bytes).
 */
record BenchInput(
        long records,
        long words,
        long bytes,
        Map<String, Long> expected,
        Map<String, Long> expectedWindows,
        int windows) {

    /** The window of the tutorial and of the {@code windowed} phase. */
    static final Duration WINDOW = TutorialPipeline.WINDOW;

    /** The input's timestamps span this many windows, ending when the preload started. */
    static final int SPAN_WINDOWS = 12;
}
