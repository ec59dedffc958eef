package dev.streamcount.store.expression;

/**
 * An invalid expression. The message is DynamoDB's text after {@code "Invalid ConditionExpression:
 * "} (or the other expression kinds); the caller adds that prefix, because only it knows which
 * expression parameter was parsed.
 */
public final class ExpressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExpressionException(String message) {
        super(message, null, false, false);
    }

    /** A syntax error at {@code token}, with the text {@code near} it. */
    static ExpressionException syntax(String token, String near) {
        return new ExpressionException(
                "Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
    }
}
