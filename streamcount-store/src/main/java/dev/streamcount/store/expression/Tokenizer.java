package dev.streamcount.store.expression;

import java.util.ArrayList;
import java.util.List;

/** Splits an expression into {@link Token}s. */
final class Tokenizer {
    private Tokenizer() {}

    /**
     * Tokenizes {@code expression}.
     *
     * @throws ExpressionException a syntax error naming the offending character
     */
    static List<Token> tokenize(String expression) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = expression.length();
        while (i < n) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '#' || c == ':') {
                i++;
                while (i < n && isNameChar(expression.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    throw syntaxError(expression, tokens, String.valueOf(c), start);
                }
                tokens.add(
                        new Token(
                                c == '#' ? Token.Kind.NAME_REF : Token.Kind.VALUE_REF,
                                expression.substring(start, i),
                                start));
            } else if (Character.isDigit(c)) {
                while (i < n && Character.isDigit(expression.charAt(i))) {
                    i++;
                }
                // A name may start with a digit only where a number cannot stand (DynamoDB
                // rejects it either way); keep digits apart so "a[0]" parses.
                tokens.add(new Token(Token.Kind.NUMBER, expression.substring(start, i), start));
            } else if (isNameChar(c)) {
                while (i < n && isNameChar(expression.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Token.Kind.NAME, expression.substring(start, i), start));
            } else if ((c == '<' || c == '>')
                    && i + 1 < n
                    && (expression.charAt(i + 1) == '='
                            || (c == '<' && expression.charAt(i + 1) == '>'))) {
                tokens.add(new Token(Token.Kind.SYMBOL, expression.substring(i, i + 2), start));
                i += 2;
            } else if ("()[].,=<>+-".indexOf(c) >= 0) {
                tokens.add(new Token(Token.Kind.SYMBOL, String.valueOf(c), start));
                i++;
            } else {
                throw syntaxError(expression, tokens, String.valueOf(c), start);
            }
        }
        tokens.add(new Token(Token.Kind.EOF, "", n));
        return tokens;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_';
    }

    private static ExpressionException syntaxError(
            String expression, List<Token> before, String token, int at) {
        String near = before.isEmpty() ? "" : before.get(before.size() - 1).text();
        return ExpressionException.syntax(token, near + token);
    }
}
