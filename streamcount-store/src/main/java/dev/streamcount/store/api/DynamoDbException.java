package dev.streamcount.store.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answered to the client in DynamoDB's shape: {@code {"__type": ..., "message": ...}}
 * plus, for some errors, extra fields (the old {@code Item} of a failed condition, the {@code
 * CancellationReasons} of a cancelled transaction).
 *
 * <p>Thrown anywhere below the handler; the handler turns it into the response. It carries no stack
 * trace because it is a normal answer, not a fault.
 */
public final class DynamoDbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorType type;
    private final transient ObjectNode extraFields;

    /** An error with a message and no extra fields. */
    public DynamoDbException(ErrorType type, String message) {
        this(type, message, null);
    }

    /**
     * An error whose body carries {@code extraFields} besides {@code __type} and {@code message}. A
     * null message omits the field, as DynamoDB does for some errors.
     */
    public DynamoDbException(ErrorType type, String message, ObjectNode extraFields) {
        super(message, null, false, false);
        this.type = type;
        this.extraFields = extraFields;
    }

    /** A {@code ValidationException} with DynamoDB's message. */
    public static DynamoDbException validation(String message) {
        return new DynamoDbException(ErrorType.VALIDATION, message);
    }

    /** The error's type. */
    public ErrorType type() {
        return type;
    }

    /** Fields to add to the body besides {@code __type} and {@code message}, or null. */
    public ObjectNode extraFields() {
        return extraFields;
    }
}
