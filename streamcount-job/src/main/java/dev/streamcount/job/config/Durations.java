package dev.streamcount.job.config;

import java.time.Duration;
import org.apache.flink.util.TimeUtils;

/** Durations as Flink's configuration writes them: {@code 500ms}, {@code 5s}, {@code 1min}. */
public final class Durations {
    private Durations() {}

    /**
     * @throws IllegalArgumentException naming the value and examples, if it is not a duration
     */
    public static Duration parse(String value) {
        try {
            return TimeUtils.parseDuration(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "'" + value + "' is not a duration (examples: 500ms, 5s, 1min)");
        }
    }

    /** {@code 2h}, {@code 5min}, {@code 5s} or {@code 1500ms}: the largest whole unit. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "min";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
