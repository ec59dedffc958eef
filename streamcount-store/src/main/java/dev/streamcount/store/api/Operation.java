package dev.streamcount.store.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One DynamoDB operation (the part of {@code X-Amz-Target} after the dot): takes the parsed request
 * body and returns the response body, or throws {@link DynamoDbException}.
 */
@FunctionalInterface
public interface Operation {
    /** Executes the request; the result is serialised as the 200 response body. */
    ObjectNode execute(JsonNode request);
}
