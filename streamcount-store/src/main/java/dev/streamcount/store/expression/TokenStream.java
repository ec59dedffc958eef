package dev.streamcount.store.expression;

import dev.streamcount.store.model.AttributeValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The token cursor and the pieces every expression grammar shares: document paths and placeholders.
 * Subclasses are single-use recursive-descent parsers.
 */
abstract class TokenStream {
    protected final List<Token> tokens;
    protected final ExpressionAttributes attributes;
    protected final SemanticErrors errors = new SemanticErrors();
    private int position;

    TokenStream(String expression, ExpressionAttributes attributes) {
        if (expression.isEmpty()) {
            throw new ExpressionException("The expression can not be empty;");
        }
        this.tokens = Tokenizer.tokenize(expression);
        this.attributes = attributes;
    }

    protected Token peek() {
        return tokens.get(position);
    }

    protected Token peek(int ahead) {
        return tokens.get(Math.min(position + ahead, tokens.size() - 1));
    }

    protected Token next() {
        Token token = tokens.get(position);
        if (token.kind() != Token.Kind.EOF) {
            position++;
        }
        return token;
    }

    protected void expectSymbol(String symbol) {
        if (!peek().isSymbol(symbol)) {
            throw syntaxError();
        }
        next();
    }

    protected void expectEnd() {
        if (peek().kind() != Token.Kind.EOF) {
            throw syntaxError();
        }
    }

    /** DynamoDB's syntax error: the offending token and the tokens around it. */
    protected ExpressionException syntaxError() {
        Token token = peek();
        StringBuilder near = new StringBuilder();
        if (position > 0) {
            near.append(tokens.get(position - 1).text());
            if (token.kind() != Token.Kind.EOF) {
                near.append(' ');
            }
        }
        near.append(token.text());
        Token after = peek(1);
        if (token.kind() != Token.Kind.EOF && after.kind() != Token.Kind.EOF) {
            near.append(' ').append(after.text());
        }
        return ExpressionException.syntax(token.display(), near.toString());
    }

    /** Whether the next tokens start a document path. */
    protected boolean atPath() {
        Token.Kind kind = peek().kind();
        return kind == Token.Kind.NAME || kind == Token.Kind.NAME_REF;
    }

    /** {@code name ( '.' name | '[' n ']' )*}, with {@code #placeholders} resolved. */
    protected Path parsePath() {
        List<Object> elements = new ArrayList<>();
        elements.add(pathName());
        while (true) {
            if (peek().isSymbol(".")) {
                next();
                elements.add(pathName());
            } else if (peek().isSymbol("[")) {
                next();
                Token index = next();
                if (index.kind() != Token.Kind.NUMBER) {
                    position--;
                    throw syntaxError();
                }
                expectSymbol("]");
                elements.add(Integer.valueOf(index.text()));
            } else {
                return new Path(List.copyOf(elements));
            }
        }
    }

    private String pathName() {
        Token token = peek();
        if (token.kind() == Token.Kind.NAME_REF) {
            next();
            String name = attributes.name(token.text());
            if (name == null) {
                errors.add(
                        SemanticErrors.Kind.ATTRIBUTE_NAME,
                        "An expression attribute name used in the document path is not defined;"
                                + " attribute name: "
                                + token.text());
                // Keep parsing: DynamoDB reports the worst error of the whole expression.
                return token.text();
            }
            return name;
        }
        if (token.kind() == Token.Kind.NAME) {
            next();
            if (ReservedWords.isReserved(token.text())) {
                errors.add(
                        SemanticErrors.Kind.RESERVED,
                        "Attribute name is a reserved keyword; reserved keyword: " + token.text());
            }
            return token.text();
        }
        throw syntaxError();
    }

    /** A {@code :placeholder}, resolved; records an error (and returns null) if undefined. */
    protected AttributeValue parseValue() {
        Token token = next();
        AttributeValue value = attributes.value(token.text());
        if (value == null) {
            errors.add(
                    SemanticErrors.Kind.ATTRIBUTE_VALUE,
                    "An expression attribute value used in expression is not defined; attribute"
                            + " value: "
                            + token.text());
        }
        return value;
    }

    /** Records DynamoDB's error when two paths of one expression overlap or conflict. */
    protected void checkOverlap(Path one, Path two) {
        List<Object> a = one.elements();
        List<Object> b = two.elements();
        for (int i = 0; i < a.size() && i < b.size(); i++) {
            if ((a.get(i) instanceof Integer) != (b.get(i) instanceof Integer)) {
                errors.add(
                        SemanticErrors.Kind.PATH_CONFLICT,
                        "Two document paths conflict with each other; must remove or rewrite one of"
                                + " these paths; path one: "
                                + one
                                + ", path two: "
                                + two);
                return;
            }
            if (!a.get(i).equals(b.get(i))) {
                return;
            }
        }
        errors.add(
                SemanticErrors.Kind.PATH_OVERLAP,
                "Two document paths overlap with each other; must remove or rewrite one of these"
                        + " paths; path one: "
                        + one
                        + ", path two: "
                        + two);
    }

    protected void back() {
        position--;
    }
}
