package dev.streamcount.store.expression;

import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.Numbers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The right-hand side of a {@code SET} action, evaluated against the item before the update. */
public sealed interface UpdateValue {
    /**
     * The value to store.
     *
     * @throws DynamoDbException DynamoDB's validation error for a missing operand or wrong type
     */
    AttributeValue evaluate(Map<String, AttributeValue> item);

    /** A document path; it must exist. */
    record FromPath(Path path) implements UpdateValue {
        @Override
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            AttributeValue value = path.resolve(item);
            if (value == null) {
                throw DynamoDbException.validation(
                        "The provided expression refers to an attribute that does not exist in the"
                                + " item");
            }
            return value;
        }
    }

    /** A {@code :value}. */
    record Literal(AttributeValue value) implements UpdateValue {
        @Override
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            return value;
        }
    }

    /** {@code if_not_exists(path, fallback)}. */
    record IfNotExists(Path path, UpdateValue fallback) implements UpdateValue {
        @Override
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            AttributeValue value = path.resolve(item);
            return value != null ? value : fallback.evaluate(item);
        }
    }

    /** {@code list_append(a, b)}. */
    record ListAppend(UpdateValue first, UpdateValue second) implements UpdateValue {
        @Override
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            AttributeValue a = first.evaluate(item);
            if (!(a instanceof AttributeValue.L la)) {
                throw wrongType();
            }
            AttributeValue b = second.evaluate(item);
            if (!(b instanceof AttributeValue.L lb)) {
                throw wrongType();
            }
            List<AttributeValue> joined = new ArrayList<>(la.value());
            joined.addAll(lb.value());
            return new AttributeValue.L(Collections.unmodifiableList(joined));
        }
    }

    /** {@code a + b} or {@code a - b} on numbers. */
    record Arithmetic(boolean add, UpdateValue left, UpdateValue right) implements UpdateValue {
        @Override
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            AttributeValue a = left.evaluate(item);
            if (!(a instanceof AttributeValue.N na)) {
                throw wrongType();
            }
            AttributeValue b = right.evaluate(item);
            if (!(b instanceof AttributeValue.N nb)) {
                throw wrongType();
            }
            return new AttributeValue.N(
                    Numbers.checkResult(
                            add ? na.value().add(nb.value()) : na.value().subtract(nb.value())));
        }
    }

    private static DynamoDbException wrongType() {
        return DynamoDbException.validation(
                "An operand in the update expression has an incorrect data type");
    }
}
