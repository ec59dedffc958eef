package dev.streamcount.store.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.expression.Condition;
import dev.streamcount.store.expression.ExpressionAttributes;
import dev.streamcount.store.expression.Expressions;
import dev.streamcount.store.expression.KeyCondition;
import dev.streamcount.store.expression.Projection;
import dev.streamcount.store.expression.UpdateExpression;
import java.util.ArrayList;
import java.util.List;

/**
 * The expressions of one request, parsed in DynamoDB's order (update, condition, key condition,
 * filter, projection) against its shared placeholders, which must all be used.
 */
final class ExpressionParams {
    Condition condition;
    UpdateExpression update;
    KeyCondition keyCondition;
    Condition filter;
    Projection projection;

    private ExpressionParams() {}

    /**
     * Parses the expression fields of {@code request} among {@code allowed}; {@code legacy} are the
     * operation's pre-expression parameters, which may not be mixed with them.
     *
     * @throws DynamoDbException DynamoDB's validation error for any invalid expression or
     *     placeholder
     */
    static ExpressionParams parse(JsonNode request, List<String> allowed, List<String> legacy) {
        List<String> present = new ArrayList<>();
        for (String field : allowed) {
            if (Requests.field(request, field) != null) {
                present.add(field);
            }
        }
        if (!present.isEmpty()) {
            List<String> legacyPresent = new ArrayList<>();
            for (String field : legacy) {
                // KeyConditions alone is the legacy form of a key condition, not a mix.
                boolean mixed =
                        !field.equals("KeyConditions")
                                || present.contains("KeyConditionExpression");
                if (mixed && Requests.field(request, field) != null) {
                    legacyPresent.add(field);
                }
            }
            if (!legacyPresent.isEmpty()) {
                throw DynamoDbException.validation(
                        "Can not use both expression and non-expression parameters in the same"
                                + " request: Non-expression parameters: {"
                                + String.join(", ", legacyPresent)
                                + "} Expression parameters: {"
                                + String.join(", ", present)
                                + "}");
            }
        }
        Requests.refuseLegacy(request);
        JsonNode names = Requests.field(request, "ExpressionAttributeNames");
        JsonNode values = Requests.field(request, "ExpressionAttributeValues");
        if (names != null && present.isEmpty()) {
            throw DynamoDbException.validation(
                    "ExpressionAttributeNames can only be specified when using expressions");
        }
        List<String> valueExpressions = new ArrayList<>(allowed);
        valueExpressions.remove("ProjectionExpression");
        if (values != null
                && !valueExpressions.isEmpty()
                && valueExpressions.stream().noneMatch(present::contains)) {
            throw DynamoDbException.validation(
                    "ExpressionAttributeValues can only be specified when using expressions: "
                            + String.join(" and ", valueExpressions)
                            + (valueExpressions.size() > 1 ? " are" : " is")
                            + " null");
        }
        ExpressionAttributes attributes = ExpressionAttributes.parse(names, values);
        ExpressionParams params = new ExpressionParams();
        String update = Requests.text(request, "UpdateExpression");
        if (update != null && allowed.contains("UpdateExpression")) {
            params.update = Expressions.update(update, attributes);
        }
        String condition = Requests.text(request, "ConditionExpression");
        if (condition != null && allowed.contains("ConditionExpression")) {
            params.condition = Expressions.condition("ConditionExpression", condition, attributes);
        }
        String keyCondition = Requests.text(request, "KeyConditionExpression");
        if (keyCondition != null && allowed.contains("KeyConditionExpression")) {
            params.keyCondition = Expressions.keyCondition(keyCondition, attributes);
        }
        String filter = Requests.text(request, "FilterExpression");
        if (filter != null && allowed.contains("FilterExpression")) {
            params.filter = Expressions.condition("FilterExpression", filter, attributes);
        }
        String projection = Requests.text(request, "ProjectionExpression");
        if (projection != null && allowed.contains("ProjectionExpression")) {
            params.projection = Expressions.projection(projection, attributes);
        }
        attributes.checkAllUsed();
        return params;
    }
}
