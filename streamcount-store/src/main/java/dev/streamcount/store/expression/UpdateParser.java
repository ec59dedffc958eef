package dev.streamcount.store.expression;

import dev.streamcount.store.model.AttributeValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses update expressions:
 *
 * <pre>
 * update  := section+
 * section := SET path '=' value (',' ...)* | REMOVE path (',' path)*
 *          | ADD path :v (',' ...)* | DELETE path :v (',' ...)*
 * value   := operand ( ('+' | '-') operand )?
 * operand := path | :v | if_not_exists '(' path ',' value ')' | list_append '(' value ',' value ')'
 * </pre>
 */
final class UpdateParser extends TokenStream {
    private static final Map<String, String> TYPE_WORDS =
            Map.of(
                    "S", "STRING", "N", "NUMBER", "B", "BINARY", "NULL", "NULL", "BOOL", "BOOLEAN",
                    "L", "LIST", "M", "MAP");

    private final Set<String> sections = new HashSet<>();
    private final List<Path> paths = new ArrayList<>();

    UpdateParser(String expression, ExpressionAttributes attributes) {
        super(expression, attributes);
    }

    UpdateExpression parse() {
        List<UpdateExpression.Action> actions = new ArrayList<>();
        do {
            Token keyword = next();
            String section = keyword.text().toUpperCase(java.util.Locale.ROOT);
            if (keyword.kind() != Token.Kind.NAME
                    || !Set.of("SET", "REMOVE", "ADD", "DELETE").contains(section)) {
                back();
                throw syntaxError();
            }
            if (!sections.add(section)) {
                errors.add(
                        SemanticErrors.Kind.SECTION,
                        "The \""
                                + section
                                + "\" section can only be used once in an update expression;");
            }
            do {
                actions.add(parseAction(section));
            } while (consumeComma());
        } while (peek().kind() != Token.Kind.EOF);
        errors.throwFirst();
        return new UpdateExpression(List.copyOf(actions));
    }

    private boolean consumeComma() {
        if (peek().isSymbol(",")) {
            next();
            return true;
        }
        return false;
    }

    private UpdateExpression.Action parseAction(String section) {
        Path path = trackedPath();
        switch (section) {
            case "SET":
                expectSymbol("=");
                return new UpdateExpression.SetAction(path, parseValue(true));
            case "REMOVE":
                return new UpdateExpression.RemoveAction(path);
            default:
                if (peek().kind() != Token.Kind.VALUE_REF) {
                    throw syntaxError();
                }
                AttributeValue value = parseValue();
                if (value != null) {
                    String type = value.type().name();
                    if (TYPE_WORDS.containsKey(type)
                            && !(section.equals("ADD") && type.equals("N"))) {
                        errors.add(
                                SemanticErrors.Kind.OPERAND,
                                "Incorrect operand type for operator or function; operator: "
                                        + section
                                        + ", operand type: "
                                        + TYPE_WORDS.get(type));
                    }
                }
                return section.equals("ADD")
                        ? new UpdateExpression.AddAction(path, value)
                        : new UpdateExpression.DeleteAction(path, value);
        }
    }

    private Path trackedPath() {
        if (!atPath()) {
            throw syntaxError();
        }
        Path path = parsePath();
        for (Path other : paths) {
            checkOverlap(other, path);
        }
        paths.add(path);
        return path;
    }

    /** {@code operand (('+'|'-') operand)?}; arithmetic only at the top of a SET value. */
    private UpdateValue parseValue(boolean allowArithmetic) {
        UpdateValue left = parseOperand();
        if (allowArithmetic && (peek().isSymbol("+") || peek().isSymbol("-"))) {
            String operator = next().text();
            UpdateValue right = parseOperand();
            checkNumeric(operator, left);
            checkNumeric(operator, right);
            return new UpdateValue.Arithmetic(operator.equals("+"), left, right);
        }
        return left;
    }

    private void checkNumeric(String operator, UpdateValue operand) {
        if (operand instanceof UpdateValue.Literal literal
                && literal.value() != null
                && !(literal.value() instanceof AttributeValue.N)) {
            errors.add(
                    SemanticErrors.Kind.FUNCTION,
                    "Incorrect operand type for operator or function; operator or function: "
                            + operator
                            + ", operand type: "
                            + literal.value().type());
        }
    }

    private UpdateValue parseOperand() {
        Token token = peek();
        if (token.kind() == Token.Kind.VALUE_REF) {
            return new UpdateValue.Literal(parseValue());
        }
        if (token.kind() == Token.Kind.NAME && peek(1).isSymbol("(")) {
            next();
            next();
            List<UpdateValue> args = new ArrayList<>();
            if (!peek().isSymbol(")")) {
                args.add(parseValue(true));
                while (consumeComma()) {
                    args.add(parseValue(true));
                }
            }
            expectSymbol(")");
            return function(token.text(), args);
        }
        if (atPath()) {
            return new UpdateValue.FromPath(parsePath());
        }
        throw syntaxError();
    }

    private UpdateValue function(String name, List<UpdateValue> args) {
        if (!name.equals("if_not_exists") && !name.equals("list_append")) {
            errors.add(
                    SemanticErrors.Kind.UNKNOWN_FUNCTION,
                    "Invalid function name; function: " + name);
            return new UpdateValue.Literal(null);
        }
        if (args.size() != 2) {
            errors.add(
                    SemanticErrors.Kind.FUNCTION,
                    "Incorrect number of operands for operator or function; operator or function: "
                            + name
                            + ", number of operands: "
                            + args.size());
            return new UpdateValue.Literal(null);
        }
        if (name.equals("if_not_exists")) {
            if (!(args.get(0) instanceof UpdateValue.FromPath path)) {
                errors.add(
                        SemanticErrors.Kind.FUNCTION,
                        "Operator or function requires a document path; operator or function: "
                                + name);
                return new UpdateValue.Literal(null);
            }
            return new UpdateValue.IfNotExists(path.path(), args.get(1));
        }
        for (UpdateValue arg : args) {
            if (arg instanceof UpdateValue.Literal literal
                    && literal.value() != null
                    && !(literal.value() instanceof AttributeValue.L)) {
                errors.add(
                        SemanticErrors.Kind.FUNCTION,
                        "Incorrect operand type for operator or function; operator or function: "
                                + name
                                + ", operand type: "
                                + literal.value().type());
            }
        }
        return new UpdateValue.ListAppend(args.get(0), args.get(1));
    }
}
