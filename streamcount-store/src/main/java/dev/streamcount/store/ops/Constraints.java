package dev.streamcount.store.ops;

import dev.streamcount.store.api.DynamoDbException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects field-constraint violations and reports them together, as DynamoDB does: {@code "2
 * validation errors detected: Value 'x' at 'tableName' failed to satisfy constraint: ...; ..."}.
 */
final class Constraints {
    private final List<String> violations = new ArrayList<>();

    /** Records a violation unless {@code holds}. {@code value} null prints as {@code null}. */
    Constraints check(boolean holds, Object value, String field, String constraint) {
        if (!holds) {
            violations.add(
                    "Value "
                            + (value == null ? "null" : "'" + value + "'")
                            + " at '"
                            + field
                            + "' failed to satisfy constraint: "
                            + constraint);
        }
        return this;
    }

    /** Checks an optional enumerated field. */
    Constraints checkEnum(String value, String field, List<String> allowed) {
        return check(
                value == null || allowed.contains(value),
                value,
                field,
                "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
    }

    /** Throws the collected violations, if any. */
    void throwIfAny() {
        if (!violations.isEmpty()) {
            throw DynamoDbException.validation(
                    violations.size()
                            + " validation error"
                            + (violations.size() > 1 ? "s" : "")
                            + " detected: "
                            + String.join("; ", violations));
        }
    }
}
