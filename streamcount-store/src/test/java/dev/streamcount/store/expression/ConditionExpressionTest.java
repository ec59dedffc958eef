package dev.streamcount.store.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.AttributeValues;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Condition expressions parsed and evaluated against one item. Each expected truth value follows
 * from DynamoDB's documented semantics, noted where it is not obvious.
 */
class ConditionExpressionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * {@code {id: "k", n: 5, s: "hello", l: ["a", 2], m: {x: {y: "deep"}}, ss: {"p","q"}, b:
     * 0x0102}}.
     */
    private static final Map<String, AttributeValue> ITEM =
            item(
                    "{\"id\":{\"S\":\"k\"},\"n\":{\"N\":\"5\"},\"s\":{\"S\":\"hello\"},"
                            + "\"l\":{\"L\":[{\"S\":\"a\"},{\"N\":\"2\"}]},"
                            + "\"m\":{\"M\":{\"x\":{\"M\":{\"y\":{\"S\":\"deep\"}}}}},"
                            + "\"ss\":{\"SS\":[\"p\",\"q\"]},\"b\":{\"B\":\"AQI=\"}}");

    private static final String VALUES =
            "{\":five\":{\"N\":\"5\"},\":six\":{\"N\":\"6\"},\":four\":{\"N\":\"4\"},"
                    + "\":he\":{\"S\":\"he\"},\":hello\":{\"S\":\"hello\"},\":p\":{\"S\":\"p\"},"
                    + "\":deep\":{\"S\":\"deep\"},\":two\":{\"N\":\"2\"},\":a\":{\"S\":\"a\"},"
                    + "\":tS\":{\"S\":\"S\"},\":tN\":{\"S\":\"N\"},\":b1\":{\"B\":\"AQ==\"},"
                    + "\":three\":{\"N\":\"3\"}}";

    private static Map<String, AttributeValue> item(String json) {
        try {
            return AttributeValues.parseItem(JSON.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean test(String expression) {
        return parse(expression).test(ITEM);
    }

    private static Condition parse(String expression) {
        try {
            // Each expression uses only some of the values; the unused check belongs to requests.
            ExpressionAttributes attributes =
                    ExpressionAttributes.parse(
                            JSON.readTree("{\"#n\":\"n\",\"#m\":\"m\"}"), JSON.readTree(VALUES));
            return Expressions.condition("ConditionExpression", expression, attributes);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "n = :five | true",
                "#n = :five | true",
                "n <> :five | false",
                "n < :six | true",
                "n <= :five | true",
                "n > :five | false",
                "n >= :six | false",
                // A absent attribute equals nothing and differs from everything.
                "absent = :five | false",
                "absent <> :five | true",
                "absent <> gone | false",
                "absent < :five | false",
                // Different types never compare: "hello" is not less than 6.
                "s < :six | false",
                "s = :hello | true",
                "n BETWEEN :four AND :six | true",
                "n BETWEEN :six AND :six | false",
                "n IN (:four, :five) | true",
                "n IN (:four, :six) | false",
                "attribute_exists(id) | true",
                "attribute_exists(absent) | false",
                "attribute_not_exists(absent) | true",
                "attribute_exists(#m.x.y) | true",
                "attribute_exists(m.x.z) | false",
                "m.x.y = :deep | true",
                "l[1] = :two | true",
                "l[5] = :two | false",
                "attribute_type(n, :tN) | true",
                "attribute_type(n, :tS) | false",
                "begins_with(s, :he) | true",
                "begins_with(n, :he) | false",
                "begins_with(b, :b1) | true",
                "contains(s, :he) | true",
                "contains(ss, :p) | true",
                "contains(l, :a) | true",
                "contains(l, :two) | true",
                "contains(l, :three) | false",
                "size(s) = :five | true",
                "size(l) = :two | true",
                "size(m) < :two | true",
                "size(absent) = :five | false",
                // NOT binds tighter than AND, AND tighter than OR.
                "NOT n = :six AND n = :five | true",
                "n = :six AND n = :five OR n = :five | true",
                "n = :five OR n = :six AND n = :six | true",
                "(n = :five OR n = :six) AND n = :six | false",
                "NOT (n = :five OR n = :six) | false",
                "not n = :six | true",
                "attribute_not_exists(id) OR n <= :six | true",
                "attribute_not_exists(id) OR n <= :four | false",
            })
    void evaluates(String expression, boolean expected) {
        assertThat(test(expression)).isEqualTo(expected);
    }

    @Test
    void anAbsentItemFailsAttributeExistsAndPassesAttributeNotExists() {
        assertThat(parse("attribute_not_exists(id)").test(Map.of())).isTrue();
        assertThat(parse("attribute_exists(id)").test(Map.of())).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "n = :nope | Invalid ConditionExpression: An expression attribute value used in"
                        + " expression is not defined; attribute value: :nope",
                "#nope = :five | Invalid ConditionExpression: An expression attribute name used in"
                        + " the document path is not defined; attribute name: #nope",
                "status = :five | Invalid ConditionExpression: Attribute name is a reserved"
                        + " keyword; reserved keyword: status",
                "fly(n) | Invalid ConditionExpression: Invalid function name; function: fly",
                "attribute_exists(:five) | Invalid ConditionExpression: Operator or function"
                        + " requires a document path; operator or function: attribute_exists",
                "begins_with(n, :five) | Invalid ConditionExpression: Incorrect operand type for"
                    + " operator or function; operator or function: begins_with, operand type: N",
                "attribute_exists(n, n) | Invalid ConditionExpression: Incorrect number of operands"
                    + " for operator or function; operator or function: attribute_exists, number of"
                    + " operands: 2",
                "n = n | Invalid ConditionExpression: The first operand must be distinct from the"
                        + " remaining operands for this operator or function; operator: =, first"
                        + " operand: [n]",
                "n BETWEEN :six AND :five | Invalid ConditionExpression: The BETWEEN operator"
                        + " requires upper bound to be greater than or equal to lower bound; lower"
                        + " bound operand: AttributeValue: {N:6}, upper bound operand:"
                        + " AttributeValue: {N:5}",
                "((n = :five)) | Invalid ConditionExpression: The expression has redundant"
                        + " parentheses;",
                "size(s) | Invalid ConditionExpression: The function is not allowed to be used"
                        + " this way in an expression; function: size",
                "begins_with(s, :he) = :five | Invalid ConditionExpression: The function is not"
                        + " allowed to be used this way in an expression; function: begins_with",
                "n = | Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"",
                "n = :five AND | Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near:"
                        + " \"AND\"",
            })
    void refusesWithDynamoDbsMessage(String expression, String message) {
        assertThatThrownBy(() -> parse(expression))
                .isInstanceOf(DynamoDbException.class)
                .hasMessage(message);
    }

    @Test
    void anEmptyExpressionIsRefused() {
        assertThatThrownBy(() -> parse(""))
                .hasMessage("Invalid ConditionExpression: The expression can not be empty;");
    }

    @Test
    void unusedPlaceholdersAreReportedByTheRequest() throws Exception {
        ExpressionAttributes attributes =
                ExpressionAttributes.parse(
                        JSON.readTree("{\"#a\":\"a\",\"#unused\":\"u\"}"),
                        JSON.readTree("{\":v\":{\"N\":\"1\"},\":x\":{\"N\":\"2\"}}"));
        Expressions.condition("ConditionExpression", "#a = :v", attributes);
        assertThatThrownBy(attributes::checkAllUsed)
                .hasMessage(
                        "Value provided in ExpressionAttributeNames unused in expressions: keys:"
                                + " {#unused}");
    }
}
