package dev.streamcount.store.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcount.store.api.DynamoDbException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing, checking and sizing of attribute values, against DynamoDB's documented rules. */
class AttributeValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, AttributeValue> item(String json) throws Exception {
        return AttributeValues.parseItem(JSON.readTree(json));
    }

    private static AttributeValue value(String json) throws Exception {
        return AttributeValues.parse(JSON.readTree(json));
    }

    @Test
    void itemSizeIsNamesPlusValuesAsDocumented() throws Exception {
        // "id"(2) + "abc"(3) = 5
        assertThat(AttributeValues.itemSize(item("{\"id\":{\"S\":\"abc\"}}"))).isEqualTo(5);
        // UTF-8 bytes: "é" is 2 bytes; name "s" 1 -> 3
        assertThat(AttributeValues.itemSize(item("{\"s\":{\"S\":\"é\"}}"))).isEqualTo(3);
        // BOOL and NULL are 1 byte: "b"(1)+1 + "n"(1)+1 = 4
        assertThat(AttributeValues.itemSize(item("{\"b\":{\"BOOL\":true},\"n\":{\"NULL\":true}}")))
                .isEqualTo(4);
        // List: 3 + per element (1 + size): "l"(1) + 3 + (1+1) + (1+1) = 8
        assertThat(AttributeValues.itemSize(item("{\"l\":{\"L\":[{\"S\":\"a\"},{\"S\":\"b\"}]}}")))
                .isEqualTo(8);
        // Map: 3 + 1 per element + names and values: "m"(1) + 3 + 1 + "k"(1) + "v"(1) = 7
        assertThat(AttributeValues.itemSize(item("{\"m\":{\"M\":{\"k\":{\"S\":\"v\"}}}}")))
                .isEqualTo(7);
        // Binary: decoded bytes. "AAEC" is 3 bytes; "b"(1) -> 4
        assertThat(AttributeValues.itemSize(item("{\"b\":{\"B\":\"AAEC\"}}"))).isEqualTo(4);
    }

    @Test
    void numberSizeIsAboutOneBytePerTwoDigitsPlusOne() throws Exception {
        // "n"(1) + number. 1 digit: 1 + 1 = 2 (odd digit count).
        assertThat(AttributeValues.itemSize(item("{\"n\":{\"N\":\"7\"}}"))).isEqualTo(3);
        // 12: two digits at an odd exponent (1): 1 + 1 = 2.
        assertThat(AttributeValues.itemSize(item("{\"n\":{\"N\":\"12\"}}"))).isEqualTo(3);
        // 0 is one byte.
        assertThat(AttributeValues.itemSize(item("{\"n\":{\"N\":\"0\"}}"))).isEqualTo(2);
    }

    @Test
    void refusesMalformedValuesWithDynamoDbsMessages() {
        assertThatThrownBy(() -> value("{}"))
                .isInstanceOf(DynamoDbException.class)
                .hasMessage(
                        "Supplied AttributeValue is empty, must contain exactly one of the"
                                + " supported datatypes");
        assertThatThrownBy(() -> value("{\"S\":\"a\",\"N\":\"1\"}"))
                .hasMessage(
                        "Supplied AttributeValue has more than one datatypes set, must contain"
                                + " exactly one of the supported datatypes");
        assertThatThrownBy(() -> value("{\"NULL\":false}"))
                .hasMessage(
                        "One or more parameter values were invalid: Null attribute value types must"
                                + " have the value of true");
        assertThatThrownBy(() -> value("{\"SS\":[]}"))
                .hasMessage(
                        "One or more parameter values were invalid: An string set  may not be"
                                + " empty");
        assertThatThrownBy(() -> value("{\"SS\":[\"a\",\"a\"]}"))
                .hasMessage(
                        "One or more parameter values were invalid: Input collection [a, a]"
                                + " contains duplicates.");
        // "1" and "1.0" are the same number.
        assertThatThrownBy(() -> value("{\"NS\":[\"1\",\"1.0\"]}"))
                .hasMessage("Input collection contains duplicates");
    }

    @Test
    void setsAreEqualRegardlessOfOrder() throws Exception {
        assertThat(value("{\"SS\":[\"a\",\"b\"]}")).isEqualTo(value("{\"SS\":[\"b\",\"a\"]}"));
        assertThat(value("{\"NS\":[\"1\",\"2.50\"]}")).isEqualTo(value("{\"NS\":[\"2.5\",\"1\"]}"));
        assertThat(value("{\"L\":[{\"S\":\"a\"},{\"S\":\"b\"}]}"))
                .isNotEqualTo(value("{\"L\":[{\"S\":\"b\"},{\"S\":\"a\"}]}"));
    }

    @Test
    void writesBackTheWireFormat() throws Exception {
        String json =
                "{\"m\":{\"M\":{\"n\":{\"N\":\"1.5\"},\"l\":{\"L\":[{\"NULL\":true},{\"BOOL\":false}]}}},"
                    + "\"bs\":{\"BS\":[\"AQ==\"]}}";
        JsonNode written = AttributeValues.toJson(item(json));
        assertThat(written).isEqualTo(JSON.readTree(json));
    }

    @Test
    void ordersStringsByUtf8Bytes() {
        // U+FFFD is EF BF BD in UTF-8, U+1F600 is F0 9F 98 80: the emoji sorts after.
        assertThat(Ordering.compareUtf8("\uFFFD", "\uD83D\uDE00")).isNegative();
        assertThat(Ordering.compareUtf8("a", "b")).isNegative();
        assertThat(Ordering.compareUtf8("ab", "a")).isPositive();
        assertThat(Ordering.compareUtf8("é", "z")).isPositive();
    }
}
