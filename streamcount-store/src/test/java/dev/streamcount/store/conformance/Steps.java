package dev.streamcount.store.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/** The kinds of step a scenario is made of. */
final class Steps {

    /** More pages than any case needs: a paging loop that gets here is itself the finding. */
    private static final int MAX_PAGES = 50;

    private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(10);

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private Steps() {}

    /** One request whose whole normalized answer is compared. */
    static Step request(String operation, String template, Expect expect, boolean unorderedItems) {
        return new Step() {
            @Override
            public String describe(Variables variables) {
                return operation + " " + Answers.shorten(variables.apply(template));
            }

            @Override
            public Expect expect() {
                return expect;
            }

            @Override
            public JsonNode observe(RawDynamoClient client, Variables variables) {
                return Answers.normalize(
                        client.send(operation, variables.apply(template)), unorderedItems);
            }
        };
    }

    /**
     * A request where dynalite is known not to do what DynamoDB does: dynalite must still give its
     * known answer, and the store must give DynamoDB's.
     *
     * @param reason why dynalite is wrong here, citing its source
     */
    static Step deviation(
            String reason,
            String operation,
            String template,
            Expect dynaliteAnswers,
            Expect dynamoDbAnswers) {
        Step request = request(operation, template, dynaliteAnswers, false);
        return new Step() {
            @Override
            public String describe(Variables variables) {
                return request.describe(variables) + " [documented deviation: " + reason + "]";
            }

            @Override
            public Expect expect() {
                return dynaliteAnswers;
            }

            @Override
            public Expect storeExpect() {
                return dynamoDbAnswers;
            }

            @Override
            public JsonNode observe(RawDynamoClient client, Variables variables) {
                return request.observe(client, variables);
            }
        };
    }

    /**
     * A request whose answer dynalite pads with a field DynamoDB does not send: the field must hold
     * {@code dynaliteValue} in dynalite's answer and {@code storeValue} in the store's (null:
     * absent), and everything else must be equal.
     *
     * @param reason why dynalite is wrong here, citing its source
     * @param field the field's path from the body, e.g. {@code ["Table", "BillingMode"]}
     */
    static Step deviationOnField(
            String reason,
            String operation,
            String template,
            List<String> field,
            JsonNode dynaliteValue,
            JsonNode storeValue) {
        Step request = request(operation, template, Expect.ok(), false);
        return new Step() {
            @Override
            public String describe(Variables variables) {
                return request.describe(variables) + " [documented deviation: " + reason + "]";
            }

            @Override
            public Expect expect() {
                return Expect.ok();
            }

            @Override
            public String referenceProblem(JsonNode dynalite, Variables variables) {
                String problem = Step.super.referenceProblem(dynalite, variables);
                return problem != null
                        ? problem
                        : fieldProblem("dynalite", dynalite, dynaliteValue);
            }

            @Override
            public String storeProblem(JsonNode dynalite, JsonNode store, Variables variables) {
                String problem = fieldProblem("the store", store, storeValue);
                if (problem != null) {
                    return problem;
                }
                return without(dynalite).equals(without(store))
                        ? null
                        : "apart from " + field + ", the store's answer differs from dynalite's";
            }

            private String fieldProblem(String target, JsonNode observed, JsonNode wanted) {
                JsonNode actual = observed.path("body");
                for (String name : field) {
                    actual = actual.path(name);
                }
                JsonNode seen = actual.isMissingNode() ? null : actual;
                boolean met = wanted == null ? seen == null : wanted.equals(seen);
                return met
                        ? null
                        : "the case expects "
                                + target
                                + "'s answer to have "
                                + field
                                + " = "
                                + (wanted == null ? "(absent)" : Answers.text(wanted))
                                + ", it has "
                                + (seen == null ? "(absent)" : Answers.text(seen));
            }

            private JsonNode without(JsonNode observed) {
                JsonNode copy = observed.deepCopy();
                JsonNode parent = copy.path("body");
                for (String name : field.subList(0, field.size() - 1)) {
                    parent = parent.path(name);
                }
                if (parent instanceof ObjectNode object) {
                    object.remove(field.get(field.size() - 1));
                }
                return copy;
            }

            @Override
            public JsonNode observe(RawDynamoClient client, Variables variables) {
                return request.observe(client, variables);
            }
        };
    }

    /** One request with a verbatim {@code X-Amz-Target} header: the protocol's own errors. */
    static Step raw(String amzTarget, String body, Expect expect) {
        return new Step() {
            @Override
            public String describe(Variables variables) {
                return "X-Amz-Target: " + amzTarget + ", body: " + body;
            }

            @Override
            public Expect expect() {
                return expect;
            }

            @Override
            public JsonNode observe(RawDynamoClient client, Variables variables) {
                return Answers.normalize(client.post(amzTarget, variables.apply(body)), false);
            }
        };
    }

    /**
     * Creates a table (on-demand) and waits until DescribeTable says ACTIVE. Only the outcome is
     * compared here; the CreateTable cases compare the descriptions themselves.
     */
    static Step createTable(String template) {
        return new Step() {
            @Override
            public String describe(Variables variables) {
                return "CreateTable " + variables.apply(template) + ", then wait for ACTIVE";
            }

            @Override
            public Expect expect() {
                return Expect.ok();
            }

            @Override
            public JsonNode observe(RawDynamoClient client, Variables variables) {
                String request = variables.apply(template);
                RawDynamoClient.RawAnswer created = client.send("CreateTable", request);
                ObjectNode out = NODES.objectNode();
                out.put("status", created.status());
                JsonNode body = Answers.parse(created.bodyText());
                if (created.status() != 200 || body == null) {
                    out.set(
                            "body",
                            body == null
                                    ? NODES.textNode(created.bodyText())
                                    : Answers.normalizeBody(body, false));
                    return out;
                }
                String name = body.path("TableDescription").path("TableName").asText();
                out.put("tableStatusAfterWait", awaitActive(client, name));
                return out;
            }
        };
    }

    /** Waits until DescribeTable says ACTIVE; the status finally seen is compared. */
    static Step awaitActive(String table) {
        return new Step() {
            @Override
            public String describe(Variables variables) {
                return "DescribeTable " + variables.apply(table) + " until ACTIVE";
            }

            @Override
            public Expect expect() {
                return Expect.ok();
            }

            @Override
            public JsonNode observe(RawDynamoClient client, Variables variables) {
                ObjectNode out = NODES.objectNode();
                out.put("status", 200);
                out.put("tableStatusAfterWait", awaitActive(client, variables.apply(table)));
                return out;
            }
        };
    }

    /**
     * Waits until DescribeTable no longer finds a deleted table (DELETING lasts a moment in
     * DynamoDB and dynalite); the answer finally seen is compared.
     */
    static Step awaitDeleted(String table) {
        return new Step() {
            @Override
            public String describe(Variables variables) {
                return "DescribeTable " + variables.apply(table) + " until it is gone";
            }

            @Override
            public Expect expect() {
                return Expect.error("ResourceNotFoundException");
            }

            @Override
            public JsonNode observe(RawDynamoClient client, Variables variables) {
                String request = "{\"TableName\":\"" + variables.apply(table) + "\"}";
                long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
                ObjectNode last;
                do {
                    RawDynamoClient.RawAnswer answer = client.send("DescribeTable", request);
                    last = Answers.normalize(answer, false);
                    if (answer.status() != 200) {
                        return last;
                    }
                    // No sleep: each DescribeTable is a round trip, and deletes take milliseconds.
                } while (System.nanoTime() < deadline);
                return last;
            }
        };
    }

    /** Polls DescribeTable with a deadline; returns the last status seen. */
    private static String awaitActive(RawDynamoClient client, String table) {
        long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
        String status = "(no answer)";
        while (System.nanoTime() < deadline) {
            RawDynamoClient.RawAnswer described =
                    client.send("DescribeTable", "{\"TableName\":\"" + table + "\"}");
            JsonNode body = Answers.parse(described.bodyText());
            if (described.status() != 200 || body == null) {
                // An error will not turn into ACTIVE by asking again: report it at once.
                return "HTTP "
                        + described.status()
                        + (body == null
                                ? ""
                                : " " + Answers.text(Answers.normalizeBody(body, false)));
            }
            status = body.path("Table").path("TableStatus").asText();
            if ("ACTIVE".equals(status)) {
                return status;
            }
            // No sleep: each DescribeTable is a round trip, and tables here take milliseconds.
        }
        return "not ACTIVE after " + ACTIVE_TIMEOUT + ", last seen: " + status;
    }

    /**
     * Reads a Scan or Query to its end, following LastEvaluatedKey on each target separately.
     *
     * @param ordered true for a Query (the range key orders every page, so each page is compared
     *     whole, LastEvaluatedKey included); false for a Scan over several partitions, whose order
     *     is DynamoDB's internal hash order: then the items of all pages are compared as a set, and
     *     per page only ScannedCount, which the Limit decides whatever the order
     */
    static Step allPages(String operation, String template, boolean ordered) {
        return new Step() {
            @Override
            public String describe(Variables variables) {
                return operation
                        + " "
                        + variables.apply(template)
                        + ", following LastEvaluatedKey to the end"
                        + (ordered ? "" : " (items compared as a set)");
            }

            @Override
            public Expect expect() {
                return Expect.ok();
            }

            @Override
            public JsonNode observe(RawDynamoClient client, Variables variables) {
                ObjectNode request = (ObjectNode) Answers.parse(variables.apply(template));
                ArrayNode pages = NODES.arrayNode();
                ArrayNode scannedPerPage = NODES.arrayNode();
                ArrayNode items = NODES.arrayNode();
                BigDecimal count = BigDecimal.ZERO;
                BigDecimal scanned = BigDecimal.ZERO;
                ObjectNode out = NODES.objectNode();
                for (int page = 0; page < MAX_PAGES; page++) {
                    RawDynamoClient.RawAnswer answer =
                            client.send(operation, Answers.text(request));
                    ObjectNode normalized = Answers.normalize(answer, !ordered);
                    JsonNode body = Answers.parse(answer.bodyText());
                    if (answer.status() != 200 || body == null) {
                        out.put("status", answer.status());
                        out.set("failedPage", normalized);
                        out.put("failedAtPage", page);
                        return out;
                    }
                    if (ordered) {
                        pages.add(normalized);
                    } else {
                        scannedPerPage.add(body.path("ScannedCount"));
                        normalized.path("body").path("Items").forEach(items::add);
                        count = count.add(body.path("Count").decimalValue());
                        scanned = scanned.add(body.path("ScannedCount").decimalValue());
                    }
                    JsonNode lastKey = body.get("LastEvaluatedKey");
                    if (lastKey == null) {
                        out.put("status", 200);
                        if (ordered) {
                            out.set("pages", pages);
                        } else {
                            Answers.sortByText(items);
                            out.put("pageCount", page + 1);
                            out.set("scannedCountPerPage", scannedPerPage);
                            out.put("totalCount", count);
                            out.put("totalScannedCount", scanned);
                            out.set("items", items);
                        }
                        return out;
                    }
                    request.set("ExclusiveStartKey", lastKey);
                }
                out.put("status", 200);
                out.put("problem", "still a LastEvaluatedKey after " + MAX_PAGES + " pages");
                return out;
            }
        };
    }

    /**
     * A parallel Scan: every segment of {@code totalSegments} read whole. Which item falls in which
     * segment is an implementation's hash, so only the union of all segments is compared.
     */
    static Step allSegments(String template, int totalSegments) {
        return new Step() {
            @Override
            public String describe(Variables variables) {
                return "Scan "
                        + variables.apply(template)
                        + " for Segment 0.."
                        + (totalSegments - 1)
                        + " of TotalSegments "
                        + totalSegments
                        + " (union compared as a set)";
            }

            @Override
            public Expect expect() {
                return Expect.ok();
            }

            @Override
            public JsonNode observe(RawDynamoClient client, Variables variables) {
                ArrayNode items = NODES.arrayNode();
                BigDecimal count = BigDecimal.ZERO;
                BigDecimal scanned = BigDecimal.ZERO;
                ObjectNode out = NODES.objectNode();
                for (int segment = 0; segment < totalSegments; segment++) {
                    ObjectNode request = (ObjectNode) Answers.parse(variables.apply(template));
                    request.put("Segment", segment);
                    request.put("TotalSegments", totalSegments);
                    RawDynamoClient.RawAnswer answer = client.send("Scan", Answers.text(request));
                    JsonNode body = Answers.parse(answer.bodyText());
                    if (answer.status() != 200 || body == null) {
                        out.put("status", answer.status());
                        out.set("failedSegment", Answers.normalize(answer, true));
                        out.put("failedAtSegment", segment);
                        return out;
                    }
                    if (body.has("LastEvaluatedKey")) {
                        out.put("problem", "segment " + segment + " was not read in one page");
                    }
                    Answers.normalize(answer, true).path("body").path("Items").forEach(items::add);
                    count = count.add(body.path("Count").decimalValue());
                    scanned = scanned.add(body.path("ScannedCount").decimalValue());
                }
                Answers.sortByText(items);
                out.put("status", 200);
                out.put("totalCount", count);
                out.put("totalScannedCount", scanned);
                out.set("items", items);
                return out;
            }
        };
    }
}
