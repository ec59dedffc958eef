package dev.streamcount.store.expression;

/**
 * One lexical token of an expression.
 *
 * @param kind what the token is
 * @param text the token as written
 * @param start its offset in the expression, for error messages
 */
record Token(Kind kind, String text, int start) {
    /** The kinds of token. */
    enum Kind {
        /** An attribute name or keyword: {@code count}, {@code AND}, {@code attribute_exists}. */
        NAME,
        /** An attribute name placeholder: {@code #n}. */
        NAME_REF,
        /** An attribute value placeholder: {@code :v}. */
        VALUE_REF,
        /** A list index inside brackets: {@code 3}. */
        NUMBER,
        /** Punctuation or an operator: {@code ( ) [ ] . , = <> < <= > >= + -}. */
        SYMBOL,
        /** The end of the expression. */
        EOF
    }

    /** Whether this is the keyword {@code word}, in any case. */
    boolean isKeyword(String word) {
        return kind == Kind.NAME && text.equalsIgnoreCase(word);
    }

    /** Whether this is the symbol {@code symbol}. */
    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** The token as DynamoDB names it in syntax errors. */
    String display() {
        return kind == Kind.EOF ? "<EOF>" : text;
    }
}
