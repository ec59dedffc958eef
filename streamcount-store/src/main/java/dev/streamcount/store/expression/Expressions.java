package dev.streamcount.store.expression;

import dev.streamcount.store.api.DynamoDbException;

/**
 * Entry point of the expression package: parses each kind of expression and turns a parse error
 * into DynamoDB's {@code ValidationException} ({@code "Invalid ConditionExpression: ..."}).
 */
public final class Expressions {
    private Expressions() {}

    /** Parses a {@code ConditionExpression} (or, with {@code parameter}, a filter). */
    public static Condition condition(
            String parameter, String expression, ExpressionAttributes attributes) {
        try {
            return new ConditionParser(expression, attributes).parse();
        } catch (ExpressionException e) {
            throw invalid(parameter, e);
        }
    }

    /** Parses an {@code UpdateExpression}. */
    public static UpdateExpression update(String expression, ExpressionAttributes attributes) {
        try {
            return new UpdateParser(expression, attributes).parse();
        } catch (ExpressionException e) {
            throw invalid("UpdateExpression", e);
        }
    }

    /** Parses a {@code ProjectionExpression}. */
    public static Projection projection(String expression, ExpressionAttributes attributes) {
        try {
            return new ProjectionParser(expression, attributes).parse();
        } catch (ExpressionException e) {
            throw invalid("ProjectionExpression", e);
        }
    }

    /** Parses a {@code KeyConditionExpression} into one predicate per key attribute. */
    public static KeyCondition keyCondition(String expression, ExpressionAttributes attributes) {
        Condition condition;
        try {
            condition = new ConditionParser(expression, attributes).parse();
        } catch (ExpressionException e) {
            throw invalid("KeyConditionExpression", e);
        }
        try {
            return KeyCondition.from(condition);
        } catch (ExpressionException e) {
            // DynamoDB words these without the "Invalid KeyConditionExpression" prefix.
            throw DynamoDbException.validation(e.getMessage());
        }
    }

    private static DynamoDbException invalid(String parameter, ExpressionException e) {
        return DynamoDbException.validation("Invalid " + parameter + ": " + e.getMessage());
    }
}
