package dev.streamcount.store.validation;

import java.util.List;

/**
 * The JSON shape of a request member as DynamoDB's deserialiser sees it, with the constraints
 * DynamoDB checks on it.
 */
public sealed interface Shape {
    /** Scalar types, named as in DynamoDB's (Java) error messages. */
    enum ScalarType {
        String,
        Integer,
        Long,
        Boolean
    }

    /** A string, number or boolean. */
    record Scalar(ScalarType type) implements Shape {}

    /** A list of {@code member}s. */
    record ListOf(Shape member) implements Shape {}

    /**
     * A map from strings to {@code value}s; a null value shape leaves the values to the operation
     * (attribute values, which it parses itself).
     *
     * @param javaValueType the value type DynamoDB names when the map is sent as a list
     */
    record MapOf(String javaValueType, Shape value) implements Shape {}

    /**
     * A structure of named fields.
     *
     * @param name the type's name in DynamoDB's messages
     * @param valueStruct whether DynamoDB reports a scalar in its place as an unexpected value
     *     (members of lists and maps) rather than an unexpected field
     */
    record Struct(String name, boolean valueStruct, List<Field> fields) implements Shape {}

    /** A member of a structure, with its constraints in the order DynamoDB checks them. */
    record Field(String name, Shape shape, List<Rule> rules) {}
}
