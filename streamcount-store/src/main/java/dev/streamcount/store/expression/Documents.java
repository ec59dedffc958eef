package dev.streamcount.store.expression;

import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.model.AttributeValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copy-on-write edits of an item at a document path: the item and the maps and lists along the path
 * are copied, everything else is shared, so stored items stay immutable.
 */
final class Documents {
    private Documents() {}

    /** {@code item} with {@code value} at {@code path}; a list index past the end appends. */
    static Map<String, AttributeValue> put(
            Map<String, AttributeValue> item, Path path, AttributeValue value) {
        return edit(item, path, value);
    }

    /** {@code item} without the value at {@code path}; a list element removal shifts the rest. */
    static Map<String, AttributeValue> remove(Map<String, AttributeValue> item, Path path) {
        return edit(item, path, null);
    }

    private static Map<String, AttributeValue> edit(
            Map<String, AttributeValue> item, Path path, AttributeValue value) {
        Map<String, AttributeValue> copy = new LinkedHashMap<>(item);
        List<Object> elements = path.elements();
        if (elements.size() == 1) {
            if (value == null) {
                copy.remove(path.head());
            } else {
                copy.put(path.head(), value);
            }
        } else {
            AttributeValue child = item.get(path.head());
            if (child == null) {
                throw invalidPath();
            }
            copy.put(path.head(), edit(child, elements, 1, value));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static AttributeValue edit(
            AttributeValue node, List<Object> elements, int index, AttributeValue value) {
        Object element = elements.get(index);
        boolean last = index == elements.size() - 1;
        if (element instanceof Integer position) {
            if (!(node instanceof AttributeValue.L list)) {
                throw invalidPath();
            }
            List<AttributeValue> copy = new ArrayList<>(list.value());
            if (last) {
                if (value == null) {
                    if (position < copy.size()) {
                        copy.remove((int) position);
                    }
                } else if (position >= copy.size()) {
                    copy.add(value);
                } else {
                    copy.set(position, value);
                }
            } else {
                if (position >= copy.size()) {
                    throw invalidPath();
                }
                copy.set(position, edit(copy.get(position), elements, index + 1, value));
            }
            return new AttributeValue.L(Collections.unmodifiableList(copy));
        }
        if (!(node instanceof AttributeValue.M map)) {
            throw invalidPath();
        }
        Map<String, AttributeValue> copy = new LinkedHashMap<>(map.value());
        String key = (String) element;
        if (last) {
            if (value == null) {
                copy.remove(key);
            } else {
                copy.put(key, value);
            }
        } else {
            AttributeValue child = copy.get(key);
            if (child == null) {
                throw invalidPath();
            }
            copy.put(key, edit(child, elements, index + 1, value));
        }
        return new AttributeValue.M(Collections.unmodifiableMap(copy));
    }

    private static DynamoDbException invalidPath() {
        return DynamoDbException.validation(
                "The document path provided in the update expression is invalid for update");
    }

    /**
     * The parts of {@code item} at {@code paths}, nested as in the item; list elements picked out
     * are compacted in index order, as DynamoDB returns them.
     */
    static Map<String, AttributeValue> project(Map<String, AttributeValue> item, List<Path> paths) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (Path path : paths) {
            AttributeValue value = path.resolve(item);
            if (value == null) {
                continue;
            }
            Object node = tree;
            List<Object> elements = path.elements();
            for (int i = 0; i < elements.size(); i++) {
                Object key = elements.get(i);
                @SuppressWarnings("unchecked")
                Map<Object, Object> container = (Map<Object, Object>) node;
                if (i == elements.size() - 1) {
                    container.put(key, value);
                } else {
                    Object next = container.get(key);
                    if (next == null) {
                        next =
                                elements.get(i + 1) instanceof Integer
                                        ? new java.util.TreeMap<Integer, Object>()
                                        : new LinkedHashMap<String, Object>();
                        container.put(key, next);
                    }
                    node = next;
                }
            }
        }
        Map<String, AttributeValue> result = new LinkedHashMap<>();
        tree.forEach((k, v) -> result.put(k, toValue(v)));
        return Collections.unmodifiableMap(result);
    }

    @SuppressWarnings("unchecked")
    private static AttributeValue toValue(Object node) {
        if (node instanceof AttributeValue value) {
            return value;
        }
        if (node instanceof java.util.TreeMap<?, ?> list) {
            List<AttributeValue> values = new ArrayList<>();
            list.values().forEach(v -> values.add(toValue(v)));
            return new AttributeValue.L(Collections.unmodifiableList(values));
        }
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        ((Map<String, Object>) node).forEach((k, v) -> map.put(k, toValue(v)));
        return new AttributeValue.M(Collections.unmodifiableMap(map));
    }
}
