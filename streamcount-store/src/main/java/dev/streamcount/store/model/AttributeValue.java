package dev.streamcount.store.model;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * An immutable DynamoDB attribute value, one record per wire type.
 *
 * <p>Items are {@code Map<String, AttributeValue>} built once and never changed afterwards, so
 * readers can use a stored item without copying or locking.
 */
public sealed interface AttributeValue {
    /** The wire type. */
    Type type();

    /** A string. */
    record S(String value) implements AttributeValue {
        @Override
        public Type type() {
            return Type.S;
        }
    }

    /** A number, already checked and normalised by {@link Numbers#parse}. */
    record N(BigDecimal value) implements AttributeValue {
        /** Parses DynamoDB number text. */
        public static N of(String text) {
            return new N(Numbers.parse(text));
        }

        /** The canonical text, as returned to clients. */
        public String text() {
            return Numbers.format(value);
        }

        @Override
        public Type type() {
            return Type.N;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof N n && n.value.compareTo(value) == 0;
        }

        @Override
        public int hashCode() {
            return value.stripTrailingZeros().hashCode();
        }
    }

    /** A binary value. */
    record B(Bytes value) implements AttributeValue {
        @Override
        public Type type() {
            return Type.B;
        }
    }

    /** A boolean. */
    record Bool(boolean value) implements AttributeValue {
        @Override
        public Type type() {
            return Type.BOOL;
        }
    }

    /** The null value ({@code {"NULL": true}}). */
    record Null() implements AttributeValue {
        /** The only null value needed. */
        public static final Null INSTANCE = new Null();

        @Override
        public Type type() {
            return Type.NULL;
        }
    }

    /** A map of named values. */
    record M(Map<String, AttributeValue> value) implements AttributeValue {
        @Override
        public Type type() {
            return Type.M;
        }
    }

    /** A list of values. */
    record L(List<AttributeValue> value) implements AttributeValue {
        @Override
        public Type type() {
            return Type.L;
        }
    }

    /** A string set; equal to another with the same members in any order. */
    record SS(List<String> value) implements AttributeValue {
        @Override
        public Type type() {
            return Type.SS;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SS s && sameMembers(value, s.value);
        }

        @Override
        public int hashCode() {
            return new HashSet<>(value).hashCode();
        }
    }

    /** A number set; equal to another with the same members in any order. */
    record NS(List<N> value) implements AttributeValue {
        @Override
        public Type type() {
            return Type.NS;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NS s && sameMembers(value, s.value);
        }

        @Override
        public int hashCode() {
            return new HashSet<>(value).hashCode();
        }
    }

    /** A binary set; equal to another with the same members in any order. */
    record BS(List<Bytes> value) implements AttributeValue {
        @Override
        public Type type() {
            return Type.BS;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BS s && sameMembers(value, s.value);
        }

        @Override
        public int hashCode() {
            return new HashSet<>(value).hashCode();
        }
    }

    private static boolean sameMembers(List<?> a, List<?> b) {
        return a.size() == b.size() && new HashSet<>(a).containsAll(b);
    }
}
