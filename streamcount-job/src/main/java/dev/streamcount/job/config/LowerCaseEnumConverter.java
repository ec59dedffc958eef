package dev.streamcount.job.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Accepts an enum constant written in lower case with dashes ({@code exactly-once} for {@code
 * EXACTLY_ONCE}), as the help text shows them.
 */
public abstract class LowerCaseEnumConverter<E extends Enum<E>> implements ITypeConverter<E> {
    private final Class<E> type;

    LowerCaseEnumConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public E convert(String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(
                    "'"
                            + value
                            + "' is not one of "
                            + Arrays.stream(type.getEnumConstants())
                                    .map(LowerCaseEnumConverter::name)
                                    .collect(Collectors.joining(", ")));
        }
    }

    /** How a constant is written on the command line: {@code exactly-once}. */
    public static String name(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code --delivery}. */
    public static final class DeliveryConverter extends LowerCaseEnumConverter<JobConfig.Delivery> {
        public DeliveryConverter() {
            super(JobConfig.Delivery.class);
        }
    }

    /** {@code --state-backend}. */
    public static final class StateBackendConverter
            extends LowerCaseEnumConverter<JobConfig.StateBackend> {
        public StateBackendConverter() {
            super(JobConfig.StateBackend.class);
        }
    }

    /** {@code --starting-offsets}. */
    public static final class StartingOffsetsConverter
            extends LowerCaseEnumConverter<JobConfig.StartingOffsets> {
        public StartingOffsetsConverter() {
            super(JobConfig.StartingOffsets.class);
        }
    }
}
