package dev.streamcount.store.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A conformance case that reads as a sentence: its tables, then the requests sent to both targets,
 * each with what dynalite must answer.
 *
 * <pre>{@code
 * scenario("GetItem of a missing key returns no Item")
 *         .withHashTable("pk", "S")
 *         .ok("GetItem", "{'TableName':'${T}','Key':{'pk':{'S':'nope'}}}");
 * }</pre>
 *
 * <p>Requests are written with single quotes for readability; every {@code '} becomes {@code "} (no
 * request here needs a literal apostrophe). Placeholders are listed in {@link Variables}.
 */
final class Scenario {

    private final String name;
    private final List<Step> steps = new ArrayList<>();
    private int tables;

    private Scenario(String name) {
        this.name = name;
    }

    static Scenario scenario(String name) {
        return new Scenario(name);
    }

    String name() {
        return name;
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    /** The next table's placeholder: {@code T}, then {@code T2}, {@code T3}, ... */
    private String nextTable() {
        tables++;
        return tables == 1 ? "T" : "T" + tables;
    }

    /** An on-demand table {@code ${T}} (then {@code ${T2}}, ...) keyed on one hash attribute. */
    Scenario withHashTable(String hash, String type) {
        String table = nextTable();
        steps.add(
                Steps.createTable(
                        json(
                                "{'TableName':'${"
                                        + table
                                        + "}','BillingMode':'PAY_PER_REQUEST',"
                                        + "'KeySchema':[{'AttributeName':'"
                                        + hash
                                        + "','KeyType':'HASH'}],"
                                        + "'AttributeDefinitions':[{'AttributeName':'"
                                        + hash
                                        + "','AttributeType':'"
                                        + type
                                        + "'}]}")));
        return this;
    }

    /** An on-demand table keyed on a hash and a range attribute. */
    Scenario withHashRangeTable(String hash, String hashType, String range, String rangeType) {
        String table = nextTable();
        steps.add(
                Steps.createTable(
                        json(
                                "{'TableName':'${"
                                        + table
                                        + "}','BillingMode':'PAY_PER_REQUEST',"
                                        + "'KeySchema':[{'AttributeName':'"
                                        + hash
                                        + "','KeyType':'HASH'},{'AttributeName':'"
                                        + range
                                        + "','KeyType':'RANGE'}],"
                                        + "'AttributeDefinitions':[{'AttributeName':'"
                                        + hash
                                        + "','AttributeType':'"
                                        + hashType
                                        + "'},{'AttributeName':'"
                                        + range
                                        + "','AttributeType':'"
                                        + rangeType
                                        + "'}]}")));
        return this;
    }

    /** Puts each item into {@code ${T}}; every put is compared like any step. */
    Scenario withItems(String... items) {
        for (String item : items) {
            ok("PutItem", "{'TableName':'${T}','Item':" + item + "}");
        }
        return this;
    }

    /** A request that dynalite answers with 200; the whole answer is compared. */
    Scenario ok(String operation, String request) {
        steps.add(Steps.request(operation, json(request), Expect.ok(), false));
        return this;
    }

    /**
     * A Scan over several partitions that dynalite answers with 200; its Items are compared as a
     * set, since DynamoDB orders partitions by an internal hash.
     */
    Scenario okUnordered(String operation, String request) {
        steps.add(Steps.request(operation, json(request), Expect.ok(), true));
        return this;
    }

    /**
     * A request that dynalite rejects with {@code errorType}; status, type and message compared.
     */
    Scenario fails(String errorType, String operation, String request) {
        steps.add(Steps.request(operation, json(request), Expect.error(errorType), false));
        return this;
    }

    /** A request with a verbatim X-Amz-Target and body (no quote conversion). */
    Scenario raw(String amzTarget, String body, Expect expect) {
        steps.add(Steps.raw(amzTarget, body, expect));
        return this;
    }

    /** A Scan read to its end through LastEvaluatedKey; items compared as a set. */
    Scenario scanAllPages(String request) {
        steps.add(Steps.allPages("Scan", json(request), false));
        return this;
    }

    /** A Query read to its end through LastEvaluatedKey; every page compared whole. */
    Scenario queryAllPages(String request) {
        steps.add(Steps.allPages("Query", json(request), true));
        return this;
    }

    /** Every segment of a parallel Scan; the union compared as a set. */
    Scenario scanAllSegments(String request, int totalSegments) {
        steps.add(Steps.allSegments(json(request), totalSegments));
        return this;
    }

    /** Waits until DescribeTable of {@code table} says ACTIVE (e.g. after a CreateTable case). */
    Scenario awaitActive(String table) {
        steps.add(Steps.awaitActive(table));
        return this;
    }

    /** Waits until DescribeTable of {@code table} answers ResourceNotFoundException. */
    Scenario awaitDeleted(String table) {
        steps.add(Steps.awaitDeleted(table));
        return this;
    }

    /**
     * A request where dynalite demonstrably differs from DynamoDB: dynalite must answer {@code
     * dynalite}, the store {@code dynamoDb}. Only for differences found by the comparison, with the
     * reason citing dynalite's source.
     */
    Scenario deviation(
            String reason, String operation, String request, Expect dynalite, Expect dynamoDb) {
        steps.add(Steps.deviation(reason, operation, json(request), dynalite, dynamoDb));
        return this;
    }

    /**
     * A request with a syntax error in an expression. dynalite reports its PEG.js parser's own
     * message after "Syntax error; " (validations/index.js, parse(): {@code 'Syntax error; ' +
     * e.message}), such as {@code Expected "AND" but end of input found.}, where DynamoDB says
     * {@code token: "<EOF>", near: ":v"}. So status, type and the message up to "Syntax error; "
     * are compared, and each side's remainder is held to its own form: dynalite's parser's, and
     * DynamoDB's for the store.
     *
     * @param expression the parameter holding the error: "ConditionExpression", ...
     */
    Scenario failsWithSyntaxError(String expression, String operation, String request) {
        String prefix = "Invalid " + expression + ": Syntax error; ";
        steps.add(
                Steps.deviation(
                        "dynalite's syntax errors carry its parser's wording",
                        operation,
                        json(request),
                        Expect.errorMatching(
                                "ValidationException",
                                Pattern.quote(prefix) + "Expected .* but .* found\\."),
                        Expect.errorMatching(
                                "ValidationException",
                                Pattern.quote(prefix) + "token: \".*\", near: \".*\"")));
        return this;
    }

    /**
     * A request whose answer dynalite pads with a field DynamoDB does not send; see {@link
     * Steps#deviationOnField}.
     */
    Scenario deviationOnField(
            String reason,
            String operation,
            String request,
            List<String> field,
            JsonNode dynaliteValue,
            JsonNode storeValue) {
        steps.add(
                Steps.deviationOnField(
                        reason, operation, json(request), field, dynaliteValue, storeValue));
        return this;
    }

    /** Adds a step of any kind. */
    Scenario step(Step step) {
        steps.add(step);
        return this;
    }

    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    @Override
    public String toString() {
        return name;
    }
}
