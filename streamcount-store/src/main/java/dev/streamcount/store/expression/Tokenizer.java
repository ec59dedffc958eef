package dev.streamcount.store.expression;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Splits an expression into {@link Token}s.
 *
 * <p>A writer sends the same few expressions with every request (a committer's fence, every time),
 * so the tokens of each expression that tokenized cleanly are kept, immutable, by its text.
 */
final class Tokenizer {
    /** Past this many distinct expressions the cache starts over: a bound, not an LRU. */
    static final int CACHE_LIMIT = 1024;

    /** DynamoDB's limit on any expression string: 4 KB. */
    static final int MAX_EXPRESSION_BYTES = 4096;

    private static final ConcurrentHashMap<String, List<Token>> CACHE = new ConcurrentHashMap<>();

    private Tokenizer() {}

    /**
     * Tokenizes {@code expression}; the same text gives the same (immutable) list.
     *
     * @throws ExpressionException a syntax error naming the offending character
     */
    static List<Token> tokenize(String expression) {
        // DynamoDB's limit, checked first: a parser's cost grows with nesting, and the cache
        // holds what it is given.
        int size = expression.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (size > MAX_EXPRESSION_BYTES) {
            throw new ExpressionException(
                    "Expression size has exceeded the maximum allowed size; expression size: "
                            + size);
        }
        List<Token> cached = CACHE.get(expression);
        if (cached != null) {
            return cached;
        }
        List<Token> tokens = List.copyOf(scan(expression));
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(expression, tokens);
        return tokens;
    }

    private static List<Token> scan(String expression) {
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
