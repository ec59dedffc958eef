package dev.streamcount.job.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-window counts in event time (the Kafka record timestamps), beside the running totals: off
 * unless {@link #size} is set ({@code --window}).
 *
 * @param size the tumbling window's length, or null when windows are off
 * @param tableOrNull the windowed table as given, or null for {@code <table>ByWindow}
 * @param retention how long after its end a window's item is kept (DynamoDB TTL)
 * @param maxOutOfOrderness how far behind the newest timestamp of its partition a record may be and
 *     still count in its window on time
 * @param idleTimeout a partition without records for this long no longer holds windows open
 * @param allowedLateness how long after a window closed a late record still corrects its count
 */
public record Windowing(
        Duration size,
        String tableOrNull,
        Duration retention,
        Duration maxOutOfOrderness,
        Duration idleTimeout,
        Duration allowedLateness)
        implements Serializable {

    public static final String DEFAULT_RETENTION = "7d";
    public static final String DEFAULT_MAX_OUT_OF_ORDERNESS = "2s";
    public static final String DEFAULT_IDLE_TIMEOUT = "10s";
    public static final String DEFAULT_ALLOWED_LATENESS = "0s";

    /** What the windowed table is called when {@code --window-table} is not given. */
    public static final String TABLE_SUFFIX = "ByWindow";

    public Windowing {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(maxOutOfOrderness, "maxOutOfOrderness");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        if (size != null && size.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "window must be at least 1ms, got " + Durations.format(size));
        }
        if (maxOutOfOrderness.isNegative()
                || idleTimeout.isNegative()
                || allowedLateness.isNegative()
                || retention.isNegative()) {
            throw new IllegalArgumentException(
                    "window retention, max out-of-orderness, idle timeout and allowed lateness must"
                            + " not be negative");
        }
    }

    /** Windows off, every other setting at its default. */
    public static Windowing off() {
        return new Windowing(
                null,
                null,
                Durations.parse(DEFAULT_RETENTION),
                Durations.parse(DEFAULT_MAX_OUT_OF_ORDERNESS),
                Durations.parse(DEFAULT_IDLE_TIMEOUT),
                Durations.parse(DEFAULT_ALLOWED_LATENESS));
    }

    public boolean enabled() {
        return size != null;
    }

    /** The windowed table: the flag, else the totals table's name + {@value #TABLE_SUFFIX}. */
    public String table(String totalsTable) {
        return tableOrNull != null ? tableOrNull : totalsTable + TABLE_SUFFIX;
    }
}
