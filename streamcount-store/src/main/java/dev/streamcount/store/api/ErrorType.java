package dev.streamcount.store.api;

/**
 * The error types the store answers with, each with the {@code __type} prefix DynamoDB (and
 * dynalite, whose answers were recorded against DynamoDB) uses for it and its HTTP status.
 *
 * <p>Clients only read the part after {@code #}; the prefixes are kept exact anyway so that a
 * byte-for-byte comparison with dynalite's answers holds.
 */
public enum ErrorType {
    VALIDATION("com.amazon.coral.validate#ValidationException", 400),
    SERIALIZATION("com.amazon.coral.service#SerializationException", 400),
    UNKNOWN_OPERATION("com.amazon.coral.service#UnknownOperationException", 400),
    ACCESS_DENIED("com.amazon.coral.service#AccessDeniedException", 403),
    RESOURCE_NOT_FOUND("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", 400),
    RESOURCE_IN_USE("com.amazonaws.dynamodb.v20120810#ResourceInUseException", 400),
    CONDITIONAL_CHECK_FAILED(
            "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", 400),
    TRANSACTION_CANCELED("com.amazonaws.dynamodb.v20120810#TransactionCanceledException", 400),
    LIMIT_EXCEEDED("com.amazonaws.dynamodb.v20120810#LimitExceededException", 400),
    /** DynamoDB answers an oversized request with a bare 413; we add a JSON body. */
    REQUEST_TOO_LARGE("com.amazon.coral.service#RequestEntityTooLargeException", 413),
    METHOD_NOT_ALLOWED("com.amazon.coral.service#UnknownOperationException", 405),
    INTERNAL_SERVER_ERROR("com.amazonaws.dynamodb.v20120810#InternalServerError", 500);

    private final String wireType;
    private final int httpStatus;

    ErrorType(String wireType, int httpStatus) {
        this.wireType = wireType;
        this.httpStatus = httpStatus;
    }

    /** The value of the {@code __type} field in the error body. */
    public String wireType() {
        return wireType;
    }

    /** The HTTP status the error is sent with. */
    public int httpStatus() {
        return httpStatus;
    }
}
