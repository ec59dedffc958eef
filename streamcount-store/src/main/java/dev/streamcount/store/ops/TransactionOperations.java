package dev.streamcount.store.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.api.ErrorType;
import dev.streamcount.store.expression.Condition;
import dev.streamcount.store.expression.UpdateExpression;
import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.AttributeValues;
import dev.streamcount.store.table.Catalog;
import dev.streamcount.store.table.ItemWrite;
import dev.streamcount.store.table.PrimaryKey;
import dev.streamcount.store.table.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * TransactWriteItems: up to 100 Put, Update, Delete and ConditionCheck actions that all succeed or
 * all fail. Every table involved is locked (in name order) while all conditions are checked and,
 * only if all hold, all writes commit as one batch.
 */
public final class TransactionOperations {
    private static final int MAX_ACTIONS = 100;
    private static final List<String> KINDS = List.of("ConditionCheck", "Put", "Delete", "Update");

    private final Catalog catalog;

    /** Transactions on {@code catalog}. */
    public TransactionOperations(Catalog catalog) {
        this.catalog = catalog;
    }

    /** One parsed action of a transaction. */
    private record Action(
            String kind,
            Table table,
            PrimaryKey key,
            Map<String, AttributeValue> keyAttributes,
            Map<String, AttributeValue> item,
            UpdateExpression update,
            Condition condition,
            boolean returnOldOnFailure) {}

    /** TransactWriteItems. */
    public ObjectNode transactWriteItems(JsonNode request) {
        JsonNode items = Requests.required(request, "TransactItems");
        String capacity = Requests.text(request, "ReturnConsumedCapacity");
        new Constraints()
                .checkEnum(capacity, "returnConsumedCapacity", Requests.CAPACITY_MODES)
                .check(
                        items.size() >= 1,
                        "[]",
                        "transactItems",
                        "Member must have length greater than or equal to 1")
                .check(
                        items.size() <= MAX_ACTIONS,
                        "[...]",
                        "transactItems",
                        "Member must have length less than or equal to 100")
                .throwIfAny();

        List<Action> actions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode item : items) {
            Action action = parse(item);
            if (!seen.add(action.table().name() + "\u0000" + action.key())) {
                throw DynamoDbException.validation(
                        "Transaction request cannot include multiple operations on one item");
            }
            actions.add(action);
        }

        Map<String, Table> tables = new LinkedHashMap<>();
        actions.forEach(a -> tables.put(a.table().name(), a.table()));
        Map<String, Double> units = new LinkedHashMap<>();
        try (TableLocks locks = TableLocks.lock(catalog, tables.values())) {
            List<ObjectNode> reasons = new ArrayList<>();
            List<ItemWrite> writes = new ArrayList<>();
            boolean cancelled = false;
            for (Action action : actions) {
                Map<String, AttributeValue> before = action.table().get(action.key());
                ObjectNode reason = Requests.JSON.objectNode();
                if (action.condition() != null
                        && !action.condition().test(before == null ? Map.of() : before)) {
                    cancelled = true;
                    reason.put("Code", "ConditionalCheckFailed");
                    reason.put("Message", "The conditional request failed");
                    if (action.returnOldOnFailure() && before != null) {
                        reason.set("Item", AttributeValues.toJson(before));
                    }
                    reasons.add(reason);
                    continue;
                }
                Map<String, AttributeValue> after;
                try {
                    after = after(action, before);
                } catch (DynamoDbException e) {
                    cancelled = true;
                    reason.put("Code", "ValidationError");
                    reason.put("Message", e.getMessage());
                    reasons.add(reason);
                    continue;
                }
                reason.put("Code", "None");
                reasons.add(reason);
                if (!action.kind().equals("ConditionCheck")) {
                    writes.add(new ItemWrite(action.table(), action.key(), after));
                }
                units.merge(
                        action.table().name(),
                        Capacity.writeUnits(
                                before == null ? 0 : AttributeValues.itemSize(before),
                                after == null ? 0 : AttributeValues.itemSize(after),
                                true),
                        Double::sum);
            }
            if (cancelled) {
                throw cancelled(reasons);
            }
            catalog.commit(writes);
        }
        ObjectNode response = Requests.JSON.objectNode();
        if ("TOTAL".equals(capacity) || "INDEXES".equals(capacity)) {
            ArrayNode list = response.putArray("ConsumedCapacity");
            units.forEach((table, u) -> list.add(Capacity.describe(capacity, table, u)));
        }
        return response;
    }

    private static Map<String, AttributeValue> after(
            Action action, Map<String, AttributeValue> before) {
        switch (action.kind()) {
            case "Put":
                return action.item();
            case "Delete":
                return null;
            case "Update":
                return ItemOperations.updated(before, action.keyAttributes(), action.update());
            default:
                return before;
        }
    }

    private Action parse(JsonNode item) {
        List<String> present =
                KINDS.stream()
                        .filter(k -> Requests.field(item, k) != null)
                        .collect(Collectors.toList());
        if (present.size() != 1) {
            throw DynamoDbException.validation(
                    "TransactItems can only contain one of Check, Put, Update or Delete");
        }
        String kind = present.get(0);
        JsonNode body = item.get(kind);
        String tableName = Requests.tableName(body);
        new Constraints()
                .checkEnum(
                        Requests.text(body, "ReturnValuesOnConditionCheckFailure"),
                        "transactItems.member."
                                + lowerFirst(kind)
                                + ".returnValuesOnConditionCheckFailure",
                        List.of("ALL_OLD", "NONE"))
                .throwIfAny();
        boolean returnOld = ItemOperations.returnOldOnFailure(body);
        switch (kind) {
            case "Put":
                {
                    Map<String, AttributeValue> newItem = Requests.item(body, "Item");
                    ItemOperations.checkItemSize(newItem);
                    ExpressionParams expressions =
                            ExpressionParams.parse(
                                    body, List.of("ConditionExpression"), List.of("Expected"));
                    Table table = catalog.get(tableName);
                    table.keySchema().checkItem(newItem);
                    return new Action(
                            kind,
                            table,
                            table.keySchema().keyOf(newItem),
                            null,
                            newItem,
                            null,
                            expressions.condition,
                            returnOld);
                }
            case "Update":
                {
                    Map<String, AttributeValue> key = Requests.item(body, "Key");
                    Requests.required(body, "UpdateExpression");
                    ExpressionParams expressions =
                            ExpressionParams.parse(
                                    body,
                                    List.of("UpdateExpression", "ConditionExpression"),
                                    List.of("AttributeUpdates", "Expected"));
                    Table table = catalog.get(tableName);
                    PrimaryKey primaryKey = table.keySchema().checkKey(key);
                    ItemOperations.checkKeyNotUpdated(table.keySchema(), expressions.update);
                    return new Action(
                            kind,
                            table,
                            primaryKey,
                            key,
                            null,
                            expressions.update,
                            expressions.condition,
                            returnOld);
                }
            default:
                {
                    Map<String, AttributeValue> key = Requests.item(body, "Key");
                    if (kind.equals("ConditionCheck")) {
                        Requests.required(body, "ConditionExpression");
                    }
                    ExpressionParams expressions =
                            ExpressionParams.parse(
                                    body, List.of("ConditionExpression"), List.of("Expected"));
                    Table table = catalog.get(tableName);
                    return new Action(
                            kind,
                            table,
                            table.keySchema().checkKey(key),
                            key,
                            null,
                            null,
                            expressions.condition,
                            returnOld);
                }
        }
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** DynamoDB's cancellation: one reason per action, in order, codes listed in the message. */
    private static DynamoDbException cancelled(List<ObjectNode> reasons) {
        ObjectNode extra = Requests.JSON.objectNode();
        String codes =
                reasons.stream().map(r -> r.get("Code").asText()).collect(Collectors.joining(", "));
        // DynamoDB spells this error's message field with a capital M.
        extra.put(
                "Message",
                "Transaction cancelled, please refer cancellation reasons for specific reasons ["
                        + codes
                        + "]");
        ArrayNode list = extra.putArray("CancellationReasons");
        reasons.forEach(list::add);
        return new DynamoDbException(ErrorType.TRANSACTION_CANCELED, null, extra);
    }
}
