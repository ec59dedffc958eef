package dev.streamcount.store.expression;

import java.util.EnumMap;
import java.util.Map;

/**
 * The non-syntax errors found while parsing one expression. DynamoDB reports only one, chosen by
 * kind rather than by position, so each kind keeps its first occurrence and {@link #throwFirst()}
 * picks by the kinds' declared order.
 */
final class SemanticErrors {
    /** Kinds of error, in the order DynamoDB reports them (condition expressions). */
    enum Kind {
        PARENS,
        UNKNOWN_FUNCTION,
        MISUSED_FUNCTION,
        RESERVED,
        SECTION,
        ATTRIBUTE_NAME,
        ATTRIBUTE_VALUE,
        PATH_OVERLAP,
        PATH_CONFLICT,
        OPERAND,
        DISTINCT,
        FUNCTION
    }

    private final Map<Kind, String> errors = new EnumMap<>(Kind.class);

    /** Records {@code message} unless an error of this kind was already recorded. */
    void add(Kind kind, String message) {
        errors.putIfAbsent(kind, message);
    }

    /** Whether an error of {@code kind} was recorded. */
    boolean has(Kind kind) {
        return errors.containsKey(kind);
    }

    /** Throws the error DynamoDB would report, if any. */
    void throwFirst() {
        for (Map.Entry<Kind, String> e : errors.entrySet()) {
            throw new ExpressionException(e.getValue());
        }
    }
}
