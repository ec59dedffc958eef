package dev.streamcount.store.expression;

import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.Bytes;
import dev.streamcount.store.model.Numbers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed update expression: its {@code SET}, {@code REMOVE}, {@code ADD} and {@code DELETE}
 * actions in the order written.
 */
public record UpdateExpression(List<Action> actions) {
    /** One action on one document path. */
    public sealed interface Action {
        /** The path the action changes. */
        Path path();
    }

    /** {@code SET path = value}. */
    public record SetAction(Path path, UpdateValue value) implements Action {}

    /** {@code REMOVE path}. */
    public record RemoveAction(Path path) implements Action {}

    /** {@code ADD path :v}: adds to a number or to a set, creating either if absent. */
    public record AddAction(Path path, AttributeValue value) implements Action {}

    /** {@code DELETE path :v}: removes members from a set. */
    public record DeleteAction(Path path, AttributeValue value) implements Action {}

    /** The paths the expression changes, for {@code UPDATED_OLD} and {@code UPDATED_NEW}. */
    public List<Path> paths() {
        List<Path> paths = new ArrayList<>();
        actions.forEach(a -> paths.add(a.path()));
        return paths;
    }

    /**
     * The item after the update. Every {@code SET} value is computed from the item as it was before
     * the update, as DynamoDB does, then the actions apply in order.
     *
     * @throws DynamoDbException DynamoDB's validation error for an invalid path or operand
     */
    public Map<String, AttributeValue> apply(Map<String, AttributeValue> before) {
        List<AttributeValue> setValues = new ArrayList<>();
        for (Action action : actions) {
            if (action instanceof SetAction set) {
                setValues.add(set.value().evaluate(before));
            }
        }
        Map<String, AttributeValue> item = before;
        int nextSet = 0;
        for (Action action : actions) {
            if (action instanceof SetAction set) {
                item = Documents.put(item, set.path(), setValues.get(nextSet++));
            } else if (action instanceof RemoveAction remove) {
                item = remove(item, remove.path());
            } else if (action instanceof AddAction add) {
                AttributeValue existing = add.path().resolve(item);
                item = Documents.put(item, add.path(), add(existing, add.value()));
            } else {
                DeleteAction delete = (DeleteAction) action;
                AttributeValue existing = delete.path().resolve(item);
                if (existing != null) {
                    AttributeValue rest = difference(existing, delete.value());
                    item =
                            rest == null
                                    ? Documents.remove(item, delete.path())
                                    : Documents.put(item, delete.path(), rest);
                }
            }
        }
        return item;
    }

    private static Map<String, AttributeValue> remove(Map<String, AttributeValue> item, Path path) {
        if (!path.isTopLevel() && path.resolve(item) == null) {
            // Removing what is not there is allowed unless the path's parent is missing.
            Path parent = new Path(path.elements().subList(0, path.elements().size() - 1));
            if (parent.resolve(item) == null) {
                throw DynamoDbException.validation(
                        "The document path provided in the update expression is invalid for"
                                + " update");
            }
            return item;
        }
        return Documents.remove(item, path);
    }

    private static AttributeValue add(AttributeValue existing, AttributeValue operand) {
        if (existing == null) {
            return operand;
        }
        if (existing.type() != operand.type()) {
            throw wrongType();
        }
        if (existing instanceof AttributeValue.N n) {
            return new AttributeValue.N(
                    Numbers.checkResult(n.value().add(((AttributeValue.N) operand).value())));
        }
        if (existing instanceof AttributeValue.SS ss) {
            return new AttributeValue.SS(union(ss.value(), ((AttributeValue.SS) operand).value()));
        }
        if (existing instanceof AttributeValue.NS ns) {
            return new AttributeValue.NS(union(ns.value(), ((AttributeValue.NS) operand).value()));
        }
        if (existing instanceof AttributeValue.BS bs) {
            return new AttributeValue.BS(union(bs.value(), ((AttributeValue.BS) operand).value()));
        }
        throw wrongType();
    }

    /** The set {@code existing} minus the members of {@code operand}; null when nothing is left. */
    private static AttributeValue difference(AttributeValue existing, AttributeValue operand) {
        if (existing.type() != operand.type()) {
            throw wrongType();
        }
        if (existing instanceof AttributeValue.SS ss) {
            List<String> rest = minus(ss.value(), ((AttributeValue.SS) operand).value());
            return rest.isEmpty() ? null : new AttributeValue.SS(rest);
        }
        if (existing instanceof AttributeValue.NS ns) {
            List<AttributeValue.N> rest = minus(ns.value(), ((AttributeValue.NS) operand).value());
            return rest.isEmpty() ? null : new AttributeValue.NS(rest);
        }
        if (existing instanceof AttributeValue.BS bs) {
            List<Bytes> rest = minus(bs.value(), ((AttributeValue.BS) operand).value());
            return rest.isEmpty() ? null : new AttributeValue.BS(rest);
        }
        throw wrongType();
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        Set<T> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static <T> List<T> minus(List<T> a, List<T> b) {
        List<T> rest = new ArrayList<>(a);
        rest.removeAll(b);
        return Collections.unmodifiableList(rest);
    }

    private static DynamoDbException wrongType() {
        return DynamoDbException.validation(
                "An operand in the update expression has an incorrect data type");
    }
}
