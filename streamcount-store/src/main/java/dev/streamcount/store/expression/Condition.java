package dev.streamcount.store.expression;

import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.Ordering;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed condition or filter expression, evaluated against an item (an absent item is the empty
 * map, so {@code attribute_not_exists(k)} holds for it).
 */
public sealed interface Condition {
    /** Whether {@code item} satisfies the condition. */
    boolean test(Map<String, AttributeValue> item);

    /**
     * Stands in for a part that failed to parse while the parser goes on to find the error DynamoDB
     * would report; never returned to a caller.
     */
    record Invalid() implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return false;
        }
    }

    /** {@code a = b}, {@code a <> b}, {@code a < b}, ... */
    record Comparison(String operator, Operand left, Operand right) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return compare(operator, left.evaluate(item), right.evaluate(item));
        }
    }

    /** {@code a BETWEEN low AND high}, both bounds inclusive. */
    record Between(Operand value, Operand low, Operand high) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue v = value.evaluate(item);
            return compare(">=", v, low.evaluate(item)) && compare("<=", v, high.evaluate(item));
        }
    }

    /** {@code a IN (b, c, ...)}. */
    record In(Operand value, List<Operand> candidates) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue v = value.evaluate(item);
            if (v == null) {
                return false;
            }
            for (Operand candidate : candidates) {
                if (v.equals(candidate.evaluate(item))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code a AND b}. */
    record And(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return left.test(item) && right.test(item);
        }
    }

    /** {@code a OR b}. */
    record Or(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return left.test(item) || right.test(item);
        }
    }

    /** {@code NOT a}. */
    record Not(Condition operand) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return !operand.test(item);
        }
    }

    /** {@code attribute_exists(path)} or, negated, {@code attribute_not_exists(path)}. */
    record Exists(Path path, boolean expected) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            return (path.resolve(item) != null) == expected;
        }
    }

    /** {@code attribute_type(path, :t)}. */
    record AttributeType(Path path, String type) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue v = path.resolve(item);
            return v != null && v.type().name().equals(type);
        }
    }

    /** {@code begins_with(a, b)} for strings and binaries. */
    record BeginsWith(Operand value, Operand prefix) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue v = value.evaluate(item);
            AttributeValue p = prefix.evaluate(item);
            if (v instanceof AttributeValue.S s && p instanceof AttributeValue.S ps) {
                return s.value().startsWith(ps.value());
            }
            if (v instanceof AttributeValue.B b && p instanceof AttributeValue.B pb) {
                return b.value().startsWith(pb.value());
            }
            return false;
        }
    }

    /**
     * {@code contains(a, b)}: a substring of a string or binary, a member of a set, or an element
     * of a list.
     */
    record Contains(Operand container, Operand part) implements Condition {
        @Override
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue c = container.evaluate(item);
            AttributeValue p = part.evaluate(item);
            if (c == null || p == null) {
                return false;
            }
            if (c instanceof AttributeValue.S s) {
                return p instanceof AttributeValue.S ps && s.value().contains(ps.value());
            }
            if (c instanceof AttributeValue.B b) {
                return p instanceof AttributeValue.B pb && b.value().contains(pb.value());
            }
            if (c instanceof AttributeValue.SS ss) {
                return p instanceof AttributeValue.S ps && ss.value().contains(ps.value());
            }
            if (c instanceof AttributeValue.NS ns) {
                return p instanceof AttributeValue.N && ns.value().contains(p);
            }
            if (c instanceof AttributeValue.BS bs) {
                return p instanceof AttributeValue.B pb && bs.value().contains(pb.value());
            }
            if (c instanceof AttributeValue.L l) {
                return l.value().contains(p);
            }
            return false;
        }
    }

    /**
     * The top-level attributes {@code condition} reads, e.g. to refuse key attributes in a filter.
     */
    static Set<String> pathHeads(Condition condition) {
        Set<String> heads = new HashSet<>();
        collectHeads(condition, heads);
        return heads;
    }

    private static void collectHeads(Condition c, Set<String> heads) {
        if (c instanceof And and) {
            collectHeads(and.left(), heads);
            collectHeads(and.right(), heads);
        } else if (c instanceof Or or) {
            collectHeads(or.left(), heads);
            collectHeads(or.right(), heads);
        } else if (c instanceof Not not) {
            collectHeads(not.operand(), heads);
        } else if (c instanceof Comparison cmp) {
            addHead(cmp.left(), heads);
            addHead(cmp.right(), heads);
        } else if (c instanceof Between b) {
            addHead(b.value(), heads);
            addHead(b.low(), heads);
            addHead(b.high(), heads);
        } else if (c instanceof In in) {
            addHead(in.value(), heads);
            in.candidates().forEach(o -> addHead(o, heads));
        } else if (c instanceof Exists e) {
            heads.add(e.path().head());
        } else if (c instanceof AttributeType t) {
            heads.add(t.path().head());
        } else if (c instanceof BeginsWith b) {
            addHead(b.value(), heads);
            addHead(b.prefix(), heads);
        } else if (c instanceof Contains ct) {
            addHead(ct.container(), heads);
            addHead(ct.part(), heads);
        }
    }

    private static void addHead(Operand operand, Set<String> heads) {
        if (operand instanceof Operand.PathOperand p) {
            heads.add(p.path().head());
        } else if (operand instanceof Operand.Size s) {
            addHead(s.argument(), heads);
        }
    }

    /**
     * DynamoDB's comparison: values of different types are never equal (so {@code <>} holds for
     * them, and for a missing attribute), and order applies only to two strings, numbers or
     * binaries.
     */
    static boolean compare(String operator, AttributeValue a, AttributeValue b) {
        if (operator.equals("<>")) {
            // Two missing operands are alike (dynalite, checked against DynamoDB).
            return a == null ? b != null : !a.equals(b);
        }
        if (a == null || b == null) {
            return false;
        }
        if (operator.equals("=")) {
            return a.equals(b);
        }
        if (!Ordering.comparable(a, b)) {
            return false;
        }
        int c = Ordering.compare(a, b);
        switch (operator) {
            case "<":
                return c < 0;
            case "<=":
                return c <= 0;
            case ">":
                return c > 0;
            case ">=":
                return c >= 0;
            default:
                throw new IllegalArgumentException("Unknown comparator " + operator);
        }
    }
}
