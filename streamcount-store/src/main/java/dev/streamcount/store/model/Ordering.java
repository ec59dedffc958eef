package dev.streamcount.store.model;

/**
 * DynamoDB's order on scalar values: numbers numerically, strings by their UTF-8 bytes, binaries by
 * unsigned bytes. Values of different types are not comparable.
 */
public final class Ordering {
    private Ordering() {}

    /** Whether {@code a} and {@code b} are of the same scalar type, so {@link #compare} applies. */
    public static boolean comparable(AttributeValue a, AttributeValue b) {
        Type type = a.type();
        return type == b.type() && type.isScalarKeyType();
    }

    /**
     * Compares two values of the same scalar type.
     *
     * @throws IllegalArgumentException if they are not {@link #comparable}
     */
    public static int compare(AttributeValue a, AttributeValue b) {
        if (a instanceof AttributeValue.N x && b instanceof AttributeValue.N y) {
            return x.value().compareTo(y.value());
        }
        if (a instanceof AttributeValue.S x && b instanceof AttributeValue.S y) {
            return compareUtf8(x.value(), y.value());
        }
        if (a instanceof AttributeValue.B x && b instanceof AttributeValue.B y) {
            return x.value().compareTo(y.value());
        }
        throw new IllegalArgumentException("Not comparable: " + a.type() + " and " + b.type());
    }

    /**
     * Compares strings in the order of their UTF-8 encodings, which is code point order. {@link
     * String#compareTo} differs from it only where a surrogate pair meets a character at U+E000 or
     * above, so only that case is corrected.
     */
    public static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean xs = Character.isSurrogate(x);
                boolean ys = Character.isSurrogate(y);
                if (xs != ys) {
                    // A surrogate encodes a code point above U+FFFF: it sorts after any BMP char.
                    return xs ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
