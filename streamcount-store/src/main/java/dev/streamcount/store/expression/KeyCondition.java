package dev.streamcount.store.expression;

import dev.streamcount.store.model.AttributeValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A key condition expression reduced to one predicate per key attribute, the form DynamoDB accepts:
 * {@code hash = :h [AND range op :r | range BETWEEN :a AND :b | begins_with(range, :p)]}.
 */
public final class KeyCondition {
    /** A predicate on one key attribute. */
    public record Predicate(String operator, List<AttributeValue> values) {
        /** Whether {@code value} satisfies the predicate. */
        public boolean test(AttributeValue value) {
            switch (operator) {
                case "BETWEEN":
                    return Condition.compare(">=", value, values.get(0))
                            && Condition.compare("<=", value, values.get(1));
                case "BEGINS_WITH":
                    return new Condition.BeginsWith(
                                    new Operand.Value("", value),
                                    new Operand.Value("", values.get(0)))
                            .test(Map.of());
                default:
                    return Condition.compare(operator, value, values.get(0));
            }
        }
    }

    private final Map<String, Predicate> predicates;

    private KeyCondition(Map<String, Predicate> predicates) {
        this.predicates = predicates;
    }

    /** The predicates by attribute name, in the order written. */
    public Map<String, Predicate> predicates() {
        return predicates;
    }

    /**
     * Reduces a parsed condition to key predicates.
     *
     * @throws ExpressionException DynamoDB's message for a condition a key cannot serve
     */
    static KeyCondition from(Condition condition) {
        Map<String, Predicate> predicates = new LinkedHashMap<>();
        collect(condition, predicates);
        return new KeyCondition(predicates);
    }

    private static void collect(Condition condition, Map<String, Predicate> predicates) {
        if (condition instanceof Condition.And and) {
            collect(and.left(), predicates);
            collect(and.right(), predicates);
        } else if (condition instanceof Condition.Or) {
            throw invalidOperator("OR");
        } else if (condition instanceof Condition.Not) {
            throw invalidOperator("NOT");
        } else if (condition instanceof Condition.In) {
            throw invalidOperator("IN");
        } else if (condition instanceof Condition.Exists exists) {
            throw invalidOperator(exists.expected() ? "attribute_exists" : "attribute_not_exists");
        } else if (condition instanceof Condition.AttributeType) {
            throw invalidOperator("attribute_type");
        } else if (condition instanceof Condition.Contains) {
            throw invalidOperator("contains");
        } else if (condition instanceof Condition.Comparison c) {
            if (c.operator().equals("<>")) {
                throw invalidOperator("<>");
            }
            boolean pathFirst = !(c.left() instanceof Operand.Value);
            String name = keyName(List.of(c.left(), c.right()));
            AttributeValue value = literal(pathFirst ? c.right() : c.left());
            String operator = pathFirst ? c.operator() : mirror(c.operator());
            put(predicates, name, new Predicate(operator, List.of(value)));
        } else if (condition instanceof Condition.Between b) {
            if (!(b.value() instanceof Operand.PathOperand)) {
                throw new ExpressionException(
                        "Invalid condition in KeyConditionExpression: BETWEEN operator must have"
                                + " the key attribute as its first operand");
            }
            String name = keyName(List.of(b.value(), b.low(), b.high()));
            put(
                    predicates,
                    name,
                    new Predicate("BETWEEN", List.of(literal(b.low()), literal(b.high()))));
        } else if (condition instanceof Condition.BeginsWith b) {
            if (!(b.value() instanceof Operand.PathOperand)) {
                throw new ExpressionException(
                        "Invalid condition in KeyConditionExpression: begins_with operator must"
                                + " have the key attribute as its first operand");
            }
            String name = keyName(List.of(b.value(), b.prefix()));
            put(predicates, name, new Predicate("BEGINS_WITH", List.of(literal(b.prefix()))));
        }
    }

    private static String keyName(List<Operand> operands) {
        String name = null;
        for (Operand operand : operands) {
            if (operand instanceof Operand.Size) {
                throw new ExpressionException(
                        "KeyConditionExpressions cannot contain nested operations");
            }
            if (operand instanceof Operand.PathOperand p) {
                if (name != null) {
                    throw new ExpressionException(
                            "Invalid condition in KeyConditionExpression: Multiple attribute names"
                                    + " used in one condition");
                }
                if (!p.path().isTopLevel()) {
                    throw new ExpressionException(
                            "KeyConditionExpressions cannot have conditions on nested attributes");
                }
                name = p.path().head();
            }
        }
        if (name == null) {
            throw new ExpressionException(
                    "Invalid condition in KeyConditionExpression: No key attribute specified");
        }
        return name;
    }

    private static AttributeValue literal(Operand operand) {
        return ((Operand.Value) operand).value();
    }

    private static void put(Map<String, Predicate> predicates, String name, Predicate predicate) {
        if (predicates.putIfAbsent(name, predicate) != null) {
            throw new ExpressionException(
                    "KeyConditionExpressions must only contain one condition per key");
        }
    }

    /** {@code :v < k} is {@code k > :v}. */
    private static String mirror(String operator) {
        switch (operator) {
            case "<":
                return ">";
            case "<=":
                return ">=";
            case ">":
                return "<";
            case ">=":
                return "<=";
            default:
                return operator;
        }
    }

    private static ExpressionException invalidOperator(String operator) {
        return new ExpressionException(
                "Invalid operator used in KeyConditionExpression: " + operator);
    }
}
