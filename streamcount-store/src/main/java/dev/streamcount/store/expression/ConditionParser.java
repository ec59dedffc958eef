package dev.streamcount.store.expression;

import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.AttributeValues;
import dev.streamcount.store.model.Ordering;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses condition, filter and key-condition expressions:
 *
 * <pre>
 * or      := and ( OR and )*
 * and     := not ( AND not )*
 * not     := NOT not | primary
 * primary := '(' or ')' | function '(' operands ')'
 *          | operand comparator operand | operand BETWEEN operand AND operand
 *          | operand IN '(' operand ( ',' operand )* ')'
 * operand := path | :value | size '(' path ')'
 * </pre>
 *
 * NOT binds tighter than AND, which binds tighter than OR, as DynamoDB documents.
 */
final class ConditionParser extends TokenStream {
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");
    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of(
                    "attribute_exists",
                    "attribute_not_exists",
                    "attribute_type",
                    "begins_with",
                    "contains");
    private static final Set<String> TYPE_NAMES =
            Set.of("S", "N", "B", "NULL", "SS", "BOOL", "L", "BS", "NS", "M");

    ConditionParser(String expression, ExpressionAttributes attributes) {
        super(expression, attributes);
    }

    /** Parses the whole expression. */
    Condition parse() {
        Condition condition = parseOr();
        expectEnd();
        errors.throwFirst();
        return condition;
    }

    private Condition parseOr() {
        Condition left = parseAnd();
        while (peek().isKeyword("OR")) {
            next();
            left = new Condition.Or(left, parseAnd());
        }
        return left;
    }

    private Condition parseAnd() {
        Condition left = parseNot();
        while (peek().isKeyword("AND")) {
            next();
            left = new Condition.And(left, parseNot());
        }
        return left;
    }

    private Condition parseNot() {
        if (peek().isKeyword("NOT")) {
            next();
            return new Condition.Not(parseNot());
        }
        return parsePrimary();
    }

    private Condition parsePrimary() {
        if (peek().isSymbol("(")) {
            next();
            if (peek().isSymbol("(") && closesRightAfterInner()) {
                errors.add(SemanticErrors.Kind.PARENS, "The expression has redundant parentheses;");
            }
            Condition inner = parseOr();
            expectSymbol(")");
            return inner;
        }
        if (peek().kind() == Token.Kind.NAME
                && peek(1).isSymbol("(")
                && !peek().text().equals("size")) {
            String name = peek().text();
            Condition function = parseFunctionCondition();
            if (!startsComparison(peek())) {
                return function;
            }
            // A condition function used as an operand: DynamoDB parses on, then refuses it.
            errors.add(
                    SemanticErrors.Kind.MISUSED_FUNCTION,
                    "The function is not allowed to be used this way in an expression; function: "
                            + name);
            return comparisonAfter(new Operand.Value(name, null));
        }
        Operand left = parseOperand();
        if (left instanceof Operand.Size && !startsComparison(peek())) {
            errors.add(
                    SemanticErrors.Kind.MISUSED_FUNCTION,
                    "The function is not allowed to be used this way in an expression; function:"
                            + " size");
            return new Condition.Invalid();
        }
        return comparisonAfter(left);
    }

    private static boolean startsComparison(Token token) {
        return (token.kind() == Token.Kind.SYMBOL && COMPARATORS.contains(token.text()))
                || token.isKeyword("BETWEEN")
                || token.isKeyword("IN");
    }

    /** The rest of a comparison, BETWEEN or IN whose first operand is {@code left}. */
    private Condition comparisonAfter(Operand left) {
        Token token = peek();
        if (token.kind() == Token.Kind.SYMBOL && COMPARATORS.contains(token.text())) {
            next();
            Operand right = parseOperand();
            checkDistinct(token.text(), left, right);
            return new Condition.Comparison(token.text(), left, right);
        }
        if (token.isKeyword("BETWEEN")) {
            next();
            Operand low = parseOperand();
            if (!peek().isKeyword("AND")) {
                throw syntaxError();
            }
            next();
            Operand high = parseOperand();
            checkBetween(low, high);
            return new Condition.Between(left, low, high);
        }
        if (token.isKeyword("IN")) {
            next();
            expectSymbol("(");
            List<Operand> candidates = new ArrayList<>();
            candidates.add(parseOperand());
            while (peek().isSymbol(",")) {
                next();
                candidates.add(parseOperand());
            }
            expectSymbol(")");
            return new Condition.In(left, List.copyOf(candidates));
        }
        throw syntaxError();
    }

    /** Whether the parenthesis at the cursor closes immediately after its matching one. */
    private boolean closesRightAfterInner() {
        int depth = 0;
        for (int i = 0; ; i++) {
            Token t = peek(i);
            if (t.kind() == Token.Kind.EOF) {
                return false;
            }
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
                if (depth == 0) {
                    return peek(i + 1).isSymbol(")");
                }
            }
        }
    }

    private Condition parseFunctionCondition() {
        String name = next().text();
        List<Operand> args = parseArguments();
        if (!CONDITION_FUNCTIONS.contains(name)) {
            errors.add(
                    SemanticErrors.Kind.UNKNOWN_FUNCTION,
                    "Invalid function name; function: " + name);
            return new Condition.Invalid();
        }
        int expected = name.startsWith("attribute_") && !name.equals("attribute_type") ? 1 : 2;
        if (args.size() != expected) {
            errors.add(
                    SemanticErrors.Kind.OPERAND,
                    "Incorrect number of operands for operator or function; operator or function: "
                            + name
                            + ", number of operands: "
                            + args.size());
            return new Condition.Invalid();
        }
        if (expected == 2) {
            checkDistinct(name, args.get(0), args.get(1));
        }
        switch (name) {
            case "attribute_exists":
            case "attribute_not_exists":
                if (!(args.get(0) instanceof Operand.PathOperand path)) {
                    errors.add(
                            SemanticErrors.Kind.FUNCTION,
                            "Operator or function requires a document path; operator or function: "
                                    + name);
                    return new Condition.Invalid();
                }
                return new Condition.Exists(path.path(), name.equals("attribute_exists"));
            case "attribute_type":
                return attributeType(args);
            case "begins_with":
                for (Operand arg : args) {
                    String type = immediateType(arg);
                    if (type != null && !type.equals("S") && !type.equals("B")) {
                        errors.add(
                                SemanticErrors.Kind.FUNCTION,
                                "Incorrect operand type for operator or function; operator or"
                                        + " function: begins_with, operand type: "
                                        + type);
                    }
                }
                return new Condition.BeginsWith(args.get(0), args.get(1));
            default:
                return new Condition.Contains(args.get(0), args.get(1));
        }
    }

    private Condition attributeType(List<Operand> args) {
        String type = immediateType(args.get(1));
        if (!"S".equals(type)) {
            errors.add(
                    SemanticErrors.Kind.FUNCTION,
                    "Incorrect operand type for operator or function; operator or function:"
                            + " attribute_type, operand type: "
                            + (type == null ? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}" : type));
            return new Condition.Invalid();
        }
        String typeName = ((AttributeValue.S) ((Operand.Value) args.get(1)).value()).value();
        if (!TYPE_NAMES.contains(typeName)) {
            errors.add(
                    SemanticErrors.Kind.FUNCTION,
                    "Invalid attribute type name found; type: "
                            + typeName
                            + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
            return new Condition.Invalid();
        }
        if (!(args.get(0) instanceof Operand.PathOperand path)) {
            errors.add(
                    SemanticErrors.Kind.FUNCTION,
                    "Operator or function requires a document path; operator or function:"
                            + " attribute_type");
            return new Condition.Invalid();
        }
        return new Condition.AttributeType(path.path(), typeName);
    }

    private List<Operand> parseArguments() {
        expectSymbol("(");
        List<Operand> args = new ArrayList<>();
        if (!peek().isSymbol(")")) {
            args.add(parseOperand());
            while (peek().isSymbol(",")) {
                next();
                args.add(parseOperand());
            }
        }
        expectSymbol(")");
        return args;
    }

    /** {@code path | :value | size(path)}; another function here is misused. */
    Operand parseOperand() {
        Token token = peek();
        if (token.kind() == Token.Kind.VALUE_REF) {
            AttributeValue value = parseValue();
            return new Operand.Value(token.text(), value);
        }
        if (token.kind() == Token.Kind.NAME && peek(1).isSymbol("(")) {
            next();
            List<Operand> args = parseArguments();
            String name = token.text();
            if (!name.equals("size")) {
                if (CONDITION_FUNCTIONS.contains(name)) {
                    errors.add(
                            SemanticErrors.Kind.MISUSED_FUNCTION,
                            "The function is not allowed to be used this way in an expression;"
                                    + " function: "
                                    + name);
                } else {
                    errors.add(
                            SemanticErrors.Kind.UNKNOWN_FUNCTION,
                            "Invalid function name; function: " + name);
                }
                return new Operand.Value(name, null);
            }
            if (args.size() != 1) {
                errors.add(
                        SemanticErrors.Kind.OPERAND,
                        "Incorrect number of operands for operator or function; operator or"
                                + " function: size, number of operands: "
                                + args.size());
                return new Operand.Value(name, null);
            }
            String type = immediateType(args.get(0));
            if (type != null && Set.of("N", "BOOL", "NULL").contains(type)) {
                errors.add(
                        SemanticErrors.Kind.FUNCTION,
                        "Incorrect operand type for operator or function; operator or function:"
                                + " size, operand type: "
                                + type);
            }
            return new Operand.Size(args.get(0));
        }
        if (atPath()) {
            return new Operand.PathOperand(parsePath());
        }
        throw syntaxError();
    }

    private void checkDistinct(String operator, Operand a, Operand b) {
        if (a instanceof Operand.PathOperand x
                && b instanceof Operand.PathOperand y
                && x.path().equals(y.path())) {
            errors.add(
                    SemanticErrors.Kind.DISTINCT,
                    "The first operand must be distinct from the remaining operands for this"
                            + " operator or function; operator: "
                            + operator
                            + ", first operand: "
                            + x.path());
        }
    }

    private void checkBetween(Operand low, Operand high) {
        if (low instanceof Operand.Value x
                && high instanceof Operand.Value y
                && x.value() != null
                && y.value() != null) {
            String bounds =
                    "lower bound operand: AttributeValue: "
                            + describe(x.value())
                            + ", upper bound operand: AttributeValue: "
                            + describe(y.value());
            if (x.value().type() != y.value().type()) {
                errors.add(
                        SemanticErrors.Kind.FUNCTION,
                        "The BETWEEN operator requires same data type for lower and upper bounds; "
                                + bounds);
            } else if (Ordering.comparable(x.value(), y.value())
                    && Ordering.compare(x.value(), y.value()) > 0) {
                errors.add(
                        SemanticErrors.Kind.FUNCTION,
                        "The BETWEEN operator requires upper bound to be greater than or equal to"
                                + " lower bound; "
                                + bounds);
            }
        }
    }

    private static String describe(AttributeValue value) {
        return AttributeValues.describe(value);
    }

    /** The type of a literal operand, or null when only the item can tell. */
    private static String immediateType(Operand operand) {
        if (operand instanceof Operand.Value v && v.value() != null) {
            return v.value().type().name();
        }
        return null;
    }
}
