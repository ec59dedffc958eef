package dev.streamcount.store.expression;

import dev.streamcount.store.model.AttributeValue;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A document path: a top-level attribute name followed by map keys ({@code .name}) and list indexes
 * ({@code [n]}), with placeholders already resolved.
 *
 * @param elements each a {@link String} (attribute or map key) or an {@link Integer} (list index);
 *     the first is always a name
 */
public record Path(List<Object> elements) {
    /** A path naming a top-level attribute. */
    public static Path of(String attribute) {
        return new Path(List.of(attribute));
    }

    /** The top-level attribute the path starts at. */
    public String head() {
        return (String) elements.get(0);
    }

    /** Whether the path is just a top-level attribute. */
    public boolean isTopLevel() {
        return elements.size() == 1;
    }

    /** The value at this path in {@code item}, or null if there is none. */
    public AttributeValue resolve(Map<String, AttributeValue> item) {
        AttributeValue current = item.get(head());
        for (int i = 1; i < elements.size() && current != null; i++) {
            Object element = elements.get(i);
            if (element instanceof Integer index) {
                current =
                        current instanceof AttributeValue.L list && index < list.value().size()
                                ? list.value().get(index)
                                : null;
            } else {
                current = current instanceof AttributeValue.M map ? map.value().get(element) : null;
            }
        }
        return current;
    }

    /** The path as DynamoDB prints it in messages: {@code [a, b, [0]]}. */
    @Override
    public String toString() {
        return elements.stream()
                .map(e -> e instanceof Integer ? "[" + e + "]" : (String) e)
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
