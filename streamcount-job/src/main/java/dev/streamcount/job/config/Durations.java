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

    /** {@code 5s} for whole seconds, else {@code 1500ms}. */
    public static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
