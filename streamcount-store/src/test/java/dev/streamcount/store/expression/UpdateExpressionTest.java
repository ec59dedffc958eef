package dev.streamcount.store.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.AttributeValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Update and projection expressions applied to items, with hand-written expected items. */
class UpdateExpressionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, AttributeValue> item(String json) {
        try {
            return AttributeValues.parseItem(JSON.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Map<String, AttributeValue> apply(
            String expression, String values, String before) {
        try {
            ExpressionAttributes attributes =
                    ExpressionAttributes.parse(null, values == null ? null : JSON.readTree(values));
            UpdateExpression update = Expressions.update(expression, attributes);
            attributes.checkAllUsed();
            return update.apply(item(before));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void setComputesEveryValueFromTheItemBeforeTheUpdate() {
        // b = a + 1 reads the old a (1), not the a = 10 set in the same expression.
        assertThat(
                        apply(
                                "SET a = :ten, b = a + :one",
                                "{\":ten\":{\"N\":\"10\"},\":one\":{\"N\":\"1\"}}",
                                "{\"a\":{\"N\":\"1\"}}"))
                .isEqualTo(item("{\"a\":{\"N\":\"10\"},\"b\":{\"N\":\"2\"}}"));
    }

    @Test
    void arithmeticAndFunctions() {
        assertThat(
                        apply(
                                "SET c = if_not_exists(c, :zero) - :two, l = list_append(:first,"
                                        + " l)",
                                "{\":zero\":{\"N\":\"0\"},\":two\":{\"N\":\"2.5\"},\":first\":{\"L\":[{\"S\":\"x\"}]}}",
                                "{\"l\":{\"L\":[{\"S\":\"y\"}]}}"))
                .isEqualTo(
                        item(
                                "{\"l\":{\"L\":[{\"S\":\"x\"},{\"S\":\"y\"}]},\"c\":{\"N\":\"-2.5\"}}"));
    }

    @Test
    void nestedPathsAndListIndexes() {
        // Setting index 5 of a 2-element list appends; REMOVE l[0] shifts the rest down.
        assertThat(
                        apply(
                                "SET m.k = :v, l[5] = :v REMOVE l[0]",
                                "{\":v\":{\"S\":\"v\"}}",
                                "{\"m\":{\"M\":{}},\"l\":{\"L\":[{\"S\":\"a\"},{\"S\":\"b\"}]}}"))
                .isEqualTo(
                        item(
                                "{\"m\":{\"M\":{\"k\":{\"S\":\"v\"}}},\"l\":{\"L\":[{\"S\":\"b\"},{\"S\":\"v\"}]}}"));
        assertThatThrownBy(() -> apply("SET nope.k = :v", "{\":v\":{\"S\":\"v\"}}", "{}"))
                .hasMessage(
                        "The document path provided in the update expression is invalid for"
                                + " update");
    }

    @Test
    void addAndDeleteOnNumbersAndSets() {
        assertThat(
                        apply(
                                "ADD n :one, s :ab DELETE t :x",
                                "{\":one\":{\"N\":\"1\"},\":ab\":{\"SS\":[\"a\",\"b\"]},\":x\":{\"NS\":[\"1\"]}}",
                                "{\"n\":{\"N\":\"41\"},\"s\":{\"SS\":[\"b\",\"c\"]},\"t\":{\"NS\":[\"1\"]}}"))
                // 41 + 1; {b,c} + {a,b} = {a,b,c}; {1} - {1} is empty, so t is removed.
                .isEqualTo(item("{\"n\":{\"N\":\"42\"},\"s\":{\"SS\":[\"a\",\"b\",\"c\"]}}"));
        assertThatThrownBy(
                        () ->
                                apply(
                                        "ADD s :one",
                                        "{\":one\":{\"N\":\"1\"}}",
                                        "{\"s\":{\"S\":\"x\"}}"))
                .hasMessage("An operand in the update expression has an incorrect data type");
    }

    @Test
    void refusesWhatDynamoDbRefuses() {
        assertThatThrownBy(() -> apply("SET a = :v, a = :v", "{\":v\":{\"N\":\"1\"}}", "{}"))
                .hasMessage(
                        "Invalid UpdateExpression: Two document paths overlap with each other; must"
                                + " remove or rewrite one of these paths; path one: [a], path two:"
                                + " [a]");
        assertThatThrownBy(() -> apply("SET a = :v SET b = :v", "{\":v\":{\"N\":\"1\"}}", "{}"))
                .hasMessage(
                        "Invalid UpdateExpression: The \"SET\" section can only be used once in an"
                                + " update expression;");
        assertThatThrownBy(() -> apply("ADD a :v", "{\":v\":{\"S\":\"x\"}}", "{}"))
                .hasMessage(
                        "Invalid UpdateExpression: Incorrect operand type for operator or function;"
                                + " operator: ADD, operand type: STRING");
        assertThatThrownBy(() -> apply("SET a = size(b)", null, "{}"))
                .hasMessage("Invalid UpdateExpression: Invalid function name; function: size");
    }

    @Test
    void projectionKeepsTheNestingAndCompactsListElements() throws Exception {
        Projection projection =
                Expressions.projection("a.b, l[2], l[0], z", ExpressionAttributes.none());
        Map<String, AttributeValue> projected =
                projection.apply(
                        item(
                                "{\"a\":{\"M\":{\"b\":{\"N\":\"1\"},\"c\":{\"N\":\"2\"}}},"
                                    + "\"l\":{\"L\":[{\"S\":\"x\"},{\"S\":\"y\"},{\"S\":\"z\"}]},\"q\":{\"S\":\"q\"}}"));
        assertThat(projected)
                .isEqualTo(
                        item(
                                "{\"a\":{\"M\":{\"b\":{\"N\":\"1\"}}},\"l\":{\"L\":[{\"S\":\"x\"},{\"S\":\"z\"}]}}"));
        assertThat(projection.paths()).hasSize(4);
        assertThatThrownBy(() -> Expressions.projection("a, a.b", ExpressionAttributes.none()))
                .hasMessage(
                        "Invalid ProjectionExpression: Two document paths overlap with each other;"
                                + " must remove or rewrite one of these paths; path one: [a], path"
                                + " two: [a, b]");
        assertThat(List.of(projection)).isNotEmpty();
    }
}
