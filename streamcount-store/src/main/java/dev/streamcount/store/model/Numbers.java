package dev.streamcount.store.model;

import dev.streamcount.store.api.DynamoDbException;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * DynamoDB's number rules: at most 38 significant digits, magnitudes from 1E-130 to below 1E+126,
 * returned in plain notation without superfluous zeros ({@code "01.50"} → {@code "1.5"}, {@code
 * "1e2"} → {@code "100"}).
 */
public final class Numbers {
    /** The number syntax DynamoDB accepts: no sign but minus, no spaces, no hex, no infinities. */
    private static final Pattern SYNTAX =
            Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private static final int MAX_DIGITS = 38;
    private static final int MAX_EXPONENT = 125;
    private static final int MIN_EXPONENT = -130;

    private Numbers() {}

    /**
     * Parses and checks a number as DynamoDB does.
     *
     * @throws DynamoDbException a {@code ValidationException} with DynamoDB's message
     */
    public static BigDecimal parse(String text) {
        if (text == null || text.isEmpty()) {
            throw DynamoDbException.validation(
                    "The parameter cannot be converted to a numeric value");
        }
        if (!SYNTAX.matcher(text).matches()) {
            throw DynamoDbException.validation(
                    "The parameter cannot be converted to a numeric value: " + text);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text).stripTrailingZeros();
        } catch (NumberFormatException | ArithmeticException e) {
            // An exponent beyond int range: far outside DynamoDB's range either way.
            int exp = Math.max(text.indexOf('e'), text.indexOf('E'));
            boolean negativeExponent = exp >= 0 && text.startsWith("-", exp + 1);
            throw DynamoDbException.validation(
                    negativeExponent
                            ? "Number underflow. Attempting to store a number with magnitude"
                                    + " smaller than supported range"
                            : "Number overflow. Attempting to store a number with magnitude"
                                    + " larger than supported range");
        }
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        // The exponent of the leading digit in scientific notation: 123 -> 2, 0.01 -> -2.
        int exponent = value.precision() - value.scale() - 1;
        if (exponent > MAX_EXPONENT) {
            throw DynamoDbException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than"
                            + " supported range");
        }
        if (exponent < MIN_EXPONENT) {
            throw DynamoDbException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than"
                            + " supported range");
        }
        if (value.precision() > MAX_DIGITS) {
            throw DynamoDbException.validation(
                    "Attempting to store more than 38 significant digits in a Number");
        }
        return value;
    }

    /** The canonical text of a parsed number: plain notation, no trailing zeros. */
    public static String format(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.toPlainString();
    }

    /** Parses and returns the canonical text: {@code normalise("01.50")} is {@code "1.5"}. */
    public static String normalise(String text) {
        return format(parse(text));
    }

    /**
     * Checks the result of arithmetic ({@code SET a = a + :n}, {@code ADD}) against the same
     * limits, so no stored number escapes them.
     */
    public static BigDecimal checkResult(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.signum() == 0) {
            return BigDecimal.ZERO;
        }
        int exponent = stripped.precision() - stripped.scale() - 1;
        if (exponent > MAX_EXPONENT) {
            throw DynamoDbException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than"
                            + " supported range");
        }
        if (exponent < MIN_EXPONENT) {
            throw DynamoDbException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than"
                            + " supported range");
        }
        if (stripped.precision() > MAX_DIGITS) {
            throw DynamoDbException.validation(
                    "Attempting to store more than 38 significant digits in a Number");
        }
        return stripped;
    }
}
