package dev.streamcount.store.expression;

import dev.streamcount.store.model.AttributeValue;
import java.math.BigDecimal;
import java.util.Map;

/** Something a condition compares: a document path, a value placeholder, or {@code size(...)}. */
public sealed interface Operand {
    /** The operand's value for {@code item}, or null when a path leads nowhere. */
    AttributeValue evaluate(Map<String, AttributeValue> item);

    /** A document path. */
    record PathOperand(Path path) implements Operand {
        @Override
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            return path.resolve(item);
        }
    }

    /** An expression attribute value ({@code :v}), resolved at parse time. */
    record Value(String placeholder, AttributeValue value) implements Operand {
        @Override
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            return value;
        }
    }

    /**
     * {@code size(path)}: characters of a string, bytes of a binary, members of a set, list or map;
     * nothing for other types, so a comparison with it is false.
     */
    record Size(Operand argument) implements Operand {
        @Override
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            AttributeValue value = argument.evaluate(item);
            int size;
            if (value instanceof AttributeValue.S s) {
                size = s.value().length();
            } else if (value instanceof AttributeValue.B b) {
                size = b.value().length();
            } else if (value instanceof AttributeValue.SS s) {
                size = s.value().size();
            } else if (value instanceof AttributeValue.NS s) {
                size = s.value().size();
            } else if (value instanceof AttributeValue.BS s) {
                size = s.value().size();
            } else if (value instanceof AttributeValue.L l) {
                size = l.value().size();
            } else if (value instanceof AttributeValue.M m) {
                size = m.value().size();
            } else {
                return null;
            }
            return new AttributeValue.N(BigDecimal.valueOf(size));
        }
    }
}
