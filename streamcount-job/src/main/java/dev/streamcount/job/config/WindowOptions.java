package dev.streamcount.job.config;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Per-window counts: flags shared by {@code job}, {@code local} and {@code demo}, defaults in
 * {@link Windowing}. Off unless {@code --window} is given.
 */
public class WindowOptions {

    @Option(
            names = "--window",
            paramLabel = "DURATION|off",
            converter = WindowConverter.class,
            description =
                    "Also count words per tumbling event-time window of this length (Kafka record"
                            + " timestamps), e.g. 5s, 1min, into --window-table (default: off).")
    Duration window;

    /** A duration, or {@code off} (null): what an MSF property or a template passes for none. */
    static final class WindowConverter extends DurationConverter {
        @Override
        public Duration convert(String value) {
            return "off".equalsIgnoreCase(value) ? null : super.convert(value);
        }
    }

    @Option(
            names = "--window-table",
            description = "DynamoDB table of per-window counts (default: <table>ByWindow).")
    String windowTable;

    @Option(
            names = "--window-retention",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = Windowing.DEFAULT_RETENTION,
            description =
                    "How long after its end a window's item is kept: DynamoDB's TTL deletes it"
                            + " then (default: ${DEFAULT-VALUE}).")
    Duration retention;

    @Option(
            names = "--max-out-of-orderness",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = Windowing.DEFAULT_MAX_OUT_OF_ORDERNESS,
            description =
                    "How far a record's timestamp may be behind the newest of its partition and"
                            + " still count on time (default: ${DEFAULT-VALUE}).")
    Duration maxOutOfOrderness;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = Windowing.DEFAULT_IDLE_TIMEOUT,
            description =
                    "A partition without records for this long no longer holds windows open"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(
            names = "--allowed-lateness",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = Windowing.DEFAULT_ALLOWED_LATENESS,
            description =
                    "How long after a window closed a late record still corrects its count; later"
                            + " ones go to the dead-letter topic as 'late' (they still count in"
                            + " the totals) (default: ${DEFAULT-VALUE}).")
    Duration allowedLateness;

    public JobConfig applyTo(JobConfig base) {
        return base.withWindowing(
                new Windowing(
                        window,
                        windowTable,
                        retention,
                        maxOutOfOrderness,
                        idleTimeout,
                        allowedLateness));
    }
}
