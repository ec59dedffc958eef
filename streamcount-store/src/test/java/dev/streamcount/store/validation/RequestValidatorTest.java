package dev.streamcount.store.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.api.ErrorType;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB's front-end checks of request shapes; expected messages are DynamoDB's wording as
 * recorded in dynalite's tests against DynamoDB.
 */
class RequestValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode validate(String operation, String request) throws Exception {
        return RequestValidator.validate(
                JSON.readTree(request),
                OperationShapes.shapeOf(operation),
                OperationShapes.isTableOperation(operation));
    }

    @Test
    void missingAndInvalidFieldsAreListedTogetherInFieldOrder() {
        assertThatThrownBy(() -> validate("DeleteItem", "{\"TableName\":\"x\"}"))
                .isInstanceOf(DynamoDbException.class)
                .hasMessage(
                        "2 validation errors detected: Value 'x' at 'tableName' failed to satisfy"
                                + " constraint: Member must have length greater than or equal to"
                                + " 3; Value null at 'key' failed to satisfy constraint: Member"
                                + " must not be null");
    }

    @Test
    void enumsAndRangesUseDynamoDbsWording() {
        assertThatThrownBy(() -> validate("ListTables", "{\"Limit\":101}"))
                .hasMessage(
                        "1 validation error detected: Value '101' at 'limit' failed to satisfy"
                                + " constraint: Member must have value less than or equal to 100");
        assertThatThrownBy(
                        () ->
                                validate(
                                        "GetItem",
                                        "{\"TableName\":\"abc\",\"Key\":{},"
                                                + "\"ReturnConsumedCapacity\":\"SOME\"}"))
                .hasMessage(
                        "1 validation error detected: Value 'SOME' at 'returnConsumedCapacity'"
                                + " failed to satisfy constraint: Member must satisfy enum value"
                                + " set: [INDEXES, TOTAL, NONE]");
    }

    @Test
    void nestedMembersAreNamedByTheirPath() {
        assertThatThrownBy(
                        () ->
                                validate(
                                        "CreateTable",
                                        "{\"TableName\":\"abc\",\"AttributeDefinitions\":[],"
                                                + "\"KeySchema\":[{\"AttributeName\":\"a\","
                                                + "\"KeyType\":\"SIDE\"}]}"))
                .hasMessage(
                        "1 validation error detected: Value 'SIDE' at 'keySchema.1.member.keyType'"
                                + " failed to satisfy constraint: Member must satisfy enum value"
                                + " set: [HASH, RANGE]");
    }

    @Test
    void tableOperationsReportTableNameInTheirOwnWords() {
        assertThatThrownBy(() -> validate("DescribeTable", "{}"))
                .hasMessage(
                        "The parameter 'TableName' is required but was not present in the request");
        assertThatThrownBy(() -> validate("DescribeTable", "{\"TableName\":\"ab\"}"))
                .hasMessage(
                        "TableName must be at least 3 characters long and at most 255 characters"
                                + " long");
    }

    @Test
    void wrongJsonTypesAreSerializationExceptions() {
        assertThatThrownBy(() -> validate("ListTables", "{\"Limit\":\"ten\"}"))
                .isInstanceOfSatisfying(
                        DynamoDbException.class,
                        e -> {
                            assertThat(e.type()).isEqualTo(ErrorType.SERIALIZATION);
                            assertThat(e.extraFields().get("Message").asText())
                                    .isEqualTo("STRING_VALUE cannot be converted to Integer");
                        });
        assertThatThrownBy(() -> validate("GetItem", "{\"TableName\":5}"))
                .isInstanceOfSatisfying(
                        DynamoDbException.class,
                        e ->
                                assertThat(e.extraFields().get("Message").asText())
                                        .isEqualTo("NUMBER_VALUE cannot be converted to String"));
    }

    @Test
    void lenientValuesAreConvertedAndUnknownMembersDropped() throws Exception {
        JsonNode normalized =
                validate(
                        "GetItem",
                        "{\"TableName\":\"abc\",\"Key\":{},\"ConsistentRead\":\"yes\",\"Bogus\":1}");
        assertThat(normalized.get("ConsistentRead").booleanValue()).isTrue();
        assertThat(normalized.has("Bogus")).isFalse();
    }
}
