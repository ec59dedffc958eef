package dev.streamcount.job;

import java.time.Duration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations the way Flink's configuration does: {@code 500ms}, {@code 5s}, {@code 1min}. */
public class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return TimeUtils.parseDuration(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new TypeConversionException(
                    "'" + value + "' is not a duration (examples: 500ms, 5s, 1min)");
        }
    }
}
