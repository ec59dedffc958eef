package dev.streamcount.store.expression;

import dev.streamcount.store.model.AttributeValue;
import java.util.List;
import java.util.Map;

/** A parsed projection expression: the document paths to return. */
public record Projection(List<Path> paths) {
    /** The parts of {@code item} the projection names, nested as in the item. */
    public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
        return Documents.project(item, paths);
    }

    /** The parts of {@code item} at {@code paths}; used for {@code UPDATED_OLD}/{@code _NEW}. */
    public static Map<String, AttributeValue> select(
            Map<String, AttributeValue> item, List<Path> paths) {
        return Documents.project(item, paths);
    }
}
