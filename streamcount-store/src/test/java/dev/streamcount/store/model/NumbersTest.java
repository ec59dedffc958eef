package dev.streamcount.store.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcount.store.api.DynamoDbException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** DynamoDB's number rules, with expected values worked out from its documentation. */
class NumbersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "01.50, 1.5",
        "1e2, 100",
        "1E+2, 100",
        "-0.000, 0",
        "0, 0",
        "100, 100",
        "-12.3400, -12.34",
        "1.5e-3, 0.0015",
        ".5, 0.5",
        "5., 5",
        "12345678901234567890123456789012345678, 12345678901234567890123456789012345678",
        // 38 nines then 88 zeros: 126 digits, the largest magnitude DynamoDB stores.
        "9.9999999999999999999999999999999999999E+125, "
                + "999999999999999999999999999999999999990000000000000000000000"
                + "000000000000000000000000000000000000000000000000000000000000000000",
    })
    void normalisesAsDynamoDbReturnsNumbers(String input, String expected) {
        assertThat(Numbers.normalise(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1E-130",
                "-1E-130",
                "1e125",
                "-9.9999999999999999999999999999999999999E+125"
            })
    void acceptsTheEdgesOfTheRange(String input) {
        assertThat(Numbers.parse(input)).isNotNull();
    }

    @ParameterizedTest
    @CsvSource({
        "1E+126, Number overflow. Attempting to store a number with magnitude larger than supported"
                + " range",
        "-1E+126, Number overflow. Attempting to store a number with magnitude larger than"
                + " supported range",
        "1E-131, Number underflow. Attempting to store a number with magnitude smaller than"
                + " supported range",
        "1e999999999999, Number overflow. Attempting to store a number with magnitude larger than"
                + " supported range",
        "1e-999999999999, Number underflow. Attempting to store a number with magnitude smaller"
                + " than supported range",
        "123456789012345678901234567890123456789, Attempting to store more than 38 significant"
                + " digits in a Number",
        "abc, 'The parameter cannot be converted to a numeric value: abc'",
        "+1, 'The parameter cannot be converted to a numeric value: +1'",
        "' 1', 'The parameter cannot be converted to a numeric value:  1'",
        "0x10, 'The parameter cannot be converted to a numeric value: 0x10'",
        "Infinity, 'The parameter cannot be converted to a numeric value: Infinity'",
    })
    void refusesWhatDynamoDbRefuses(String input, String message) {
        assertThatThrownBy(() -> Numbers.parse(input))
                .isInstanceOf(DynamoDbException.class)
                .hasMessage(message);
    }

    @org.junit.jupiter.api.Test
    void anEmptyNumberHasItsOwnMessage() {
        assertThatThrownBy(() -> Numbers.parse(""))
                .hasMessage("The parameter cannot be converted to a numeric value");
    }

    @org.junit.jupiter.api.Test
    void trailingZerosDoNotCountAsSignificantDigits() {
        // 38 significant digits followed by zeros: still 38.
        String digits = "1".repeat(38) + "000";
        assertThat(Numbers.normalise(digits)).isEqualTo(digits);
    }
}
