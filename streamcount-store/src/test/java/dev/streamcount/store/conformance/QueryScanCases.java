package dev.streamcount.store.conformance;

import static dev.streamcount.store.conformance.Scenario.scenario;

import java.util.List;

/**
 * Query and Scan: key conditions, ordering, paging with Limit and ExclusiveStartKey, filters (Count
 * against ScannedCount), projections, Select COUNT, parallel segments, consumed capacity and the
 * errors of each. Scans over several partitions compare items as a set: DynamoDB orders partitions
 * by an internal hash, which no implementation need copy.
 */
final class QueryScanCases {

    private QueryScanCases() {}

    private static final String INVALID = "ValidationException";

    private static final String SELECT_UNCHECKED =
            "dynalite accepts any Select with any ProjectionExpression";

    /**
     * Three partitions: a with sort keys 1..6, b with 1..2, c with 1; f = 10 * sk, tag even/odd.
     */
    private static Scenario onItems(String name) {
        Scenario scenario = scenario(name).withHashRangeTable("pk", "S", "sk", "N");
        String[][] keys = {
            {"a", "1"},
            {"a", "2"},
            {"a", "3"},
            {"a", "4"},
            {"a", "5"},
            {"a", "6"},
            {"b", "1"},
            {"b", "2"},
            {"c", "1"}
        };
        for (String[] key : keys) {
            int sk = Integer.parseInt(key[1]);
            scenario.withItems(
                    "{'pk':{'S':'"
                            + key[0]
                            + "'},'sk':{'N':'"
                            + sk
                            + "'},'f':{'N':'"
                            + (10 * sk)
                            + "'},'tag':{'S':'"
                            + (sk % 2 == 0 ? "even" : "odd")
                            + "'},'m':{'M':{'x':{'N':'"
                            + sk
                            + "'},'y':{'S':'why'}}}}");
        }
        return scenario;
    }

    /** A Query of partition a with an extra key condition on sk. */
    private static String queryA(String skCondition, String values, String extra) {
        return "{'TableName':'${T}','KeyConditionExpression':'pk = :pk"
                + (skCondition.isEmpty() ? "" : " AND " + skCondition)
                + "','ExpressionAttributeValues':{':pk':{'S':'a'}"
                + (values.isEmpty() ? "" : "," + values)
                + "}"
                + extra
                + "}";
    }

    static List<Scenario> all() {
        return List.of(
                onItems("Query on the hash key returns the partition in range-key order")
                        .ok("Query", queryA("", "", ""))
                        .ok("Query", queryA("", "", ",'ConsistentRead':true")),
                onItems("Query with =, <, <=, >, >= on the range key")
                        .ok("Query", queryA("sk = :v", "':v':{'N':'3'}", ""))
                        .ok("Query", queryA("sk < :v", "':v':{'N':'3'}", ""))
                        .ok("Query", queryA("sk <= :v", "':v':{'N':'3'}", ""))
                        .ok("Query", queryA("sk > :v", "':v':{'N':'3'}", ""))
                        .ok("Query", queryA("sk >= :v", "':v':{'N':'3'}", ""))
                        .ok("Query", queryA(":v > sk", "':v':{'N':'2'}", "")),
                onItems("Query with BETWEEN on the range key")
                        .ok(
                                "Query",
                                queryA(
                                        "sk BETWEEN :lo AND :hi",
                                        "':lo':{'N':'2'},':hi':{'N':'4'}",
                                        ""))
                        .fails(
                                INVALID,
                                "Query",
                                queryA(
                                        "sk BETWEEN :lo AND :hi",
                                        "':lo':{'N':'4'},':hi':{'N':'2'}",
                                        "")),
                scenario("Query with begins_with on a string range key")
                        .withHashRangeTable("pk", "S", "sk", "S")
                        .withItems(
                                "{'pk':{'S':'a'},'sk':{'S':'order#2'}}",
                                "{'pk':{'S':'a'},'sk':{'S':'order#10'}}",
                                "{'pk':{'S':'a'},'sk':{'S':'order'}}",
                                "{'pk':{'S':'a'},'sk':{'S':'user#1'}}",
                                "{'pk':{'S':'a'},'sk':{'S':'Order#1'}}")
                        .ok("Query", queryA("begins_with(sk, :p)", "':p':{'S':'order#'}", ""))
                        .ok(
                                "Query",
                                queryA(
                                        "begins_with(sk, :p)",
                                        "':p':{'S':'order'}",
                                        ",'ScanIndexForward':false"))
                        .ok("Query", queryA("sk > :p", "':p':{'S':'order#10'}", "")),
                onItems("Query with ScanIndexForward false returns descending order")
                        .ok("Query", queryA("", "", ",'ScanIndexForward':false"))
                        .ok(
                                "Query",
                                queryA(
                                        "sk < :v",
                                        "':v':{'N':'5'}",
                                        ",'ScanIndexForward':false,'Limit':2")),
                onItems("Query with Limit pages through LastEvaluatedKey")
                        .queryAllPages(queryA("", "", ",'Limit':2"))
                        .queryAllPages(queryA("", "", ",'Limit':4,'ScanIndexForward':false"))
                        .queryAllPages(queryA("sk > :v", "':v':{'N':'1'}", ",'Limit':5")),
                onItems("Query continues from an explicit ExclusiveStartKey")
                        .ok(
                                "Query",
                                queryA(
                                        "",
                                        "",
                                        ",'ExclusiveStartKey':{'pk':{'S':'a'},'sk':{'N':'4'}}"))
                        .ok(
                                "Query",
                                queryA(
                                        "",
                                        "",
                                        ",'ExclusiveStartKey':{'pk':{'S':'a'},'sk':{'N':'4'}},'ScanIndexForward':false")),
                onItems("Query with a FilterExpression counts scanned and matched items apart")
                        .ok(
                                "Query",
                                queryA("", "':t':{'S':'even'}", ",'FilterExpression':'tag = :t'"))
                        .queryAllPages(
                                queryA(
                                        "",
                                        "':t':{'S':'odd'}",
                                        ",'FilterExpression':'tag = :t','Limit':2"))
                        .ok(
                                "Query",
                                queryA("", "':t':{'S':'none'}", ",'FilterExpression':'tag = :t'")),
                onItems("Query with a ProjectionExpression and nested paths")
                        .ok(
                                "Query",
                                queryA(
                                        "sk <= :v",
                                        "':v':{'N':'2'}",
                                        ",'ProjectionExpression':'sk, m.x'"))
                        .ok(
                                "Query",
                                queryA(
                                        "sk <= :v",
                                        "':v':{'N':'2'}",
                                        ",'ProjectionExpression':'#t','ExpressionAttributeNames':{'#t':'tag'}")),
                onItems("Query with Select COUNT returns counts only")
                        .ok("Query", queryA("", "", ",'Select':'COUNT'"))
                        .ok(
                                "Query",
                                queryA(
                                        "",
                                        "':t':{'S':'odd'}",
                                        ",'Select':'COUNT','FilterExpression':'tag = :t'")),
                // dynalite checks no Select/ProjectionExpression combination
                // (validations/query.js and scan.js only check Select's enum). The API reference:
                // "If you use the ProjectionExpression parameter, then the value for Select can
                // only be SPECIFIC_ATTRIBUTES. Any other value for Select will return an error."
                // The messages are DynamoDB's as captured by other emulators' conformance work
                // (nubo-db/dynoxide issues 96 and 121).
                onItems("Query Select SPECIFIC_ATTRIBUTES needs a projection, ALL_ATTRIBUTES none")
                        .deviation(
                                SELECT_UNCHECKED,
                                "Query",
                                queryA("", "", ",'Select':'SPECIFIC_ATTRIBUTES'"),
                                Expect.ok(),
                                Expect.error(
                                        INVALID,
                                        "1 validation error detected: Must specify the"
                                                + " AttributesToGet or ProjectionExpression when"
                                                + " choosing to get SPECIFIC_ATTRIBUTES"))
                        .deviation(
                                SELECT_UNCHECKED,
                                "Query",
                                queryA(
                                        "",
                                        "",
                                        ",'Select':'ALL_ATTRIBUTES','ProjectionExpression':'sk'"),
                                Expect.ok(),
                                Expect.error(
                                        INVALID,
                                        "1 validation error detected: Cannot specify the"
                                                + " ProjectionExpression when choosing to get"
                                                + " ALL_ATTRIBUTES")),
                onItems("Scan Select SPECIFIC_ATTRIBUTES needs a projection")
                        .deviation(
                                SELECT_UNCHECKED,
                                "Scan",
                                "{'TableName':'${T}','Select':'SPECIFIC_ATTRIBUTES'}",
                                Expect.ok(),
                                Expect.error(
                                        INVALID,
                                        "Must specify the AttributesToGet or ProjectionExpression"
                                                + " when choosing to get SPECIFIC_ATTRIBUTES")),
                onItems("Scan Segment 0 without TotalSegments is rejected")
                        // dynalite's message for Segment 1 (above) is DynamoDB's; for Segment 0
                        // its check never fires.
                        .deviation(
                                "dynalite accepts it: validations/scan.js tests `if (data.Segment"
                                        + " && data.TotalSegments == null)`, and 0 is falsy in"
                                        + " JavaScript",
                                "Scan",
                                "{'TableName':'${T}','Segment':0}",
                                Expect.ok(),
                                Expect.error(
                                        INVALID,
                                        "The TotalSegments parameter is required but was not"
                                                + " present in the request when Segment parameter"
                                                + " is present")),
                onItems("Query with ReturnConsumedCapacity TOTAL")
                        .ok("Query", queryA("", "", ",'ReturnConsumedCapacity':'TOTAL'"))
                        .ok(
                                "Query",
                                queryA(
                                        "",
                                        "",
                                        ",'ReturnConsumedCapacity':'TOTAL','ConsistentRead':true"))
                        .ok(
                                "Query",
                                queryA(
                                        "sk > :v",
                                        "':v':{'N':'100'}",
                                        ",'ReturnConsumedCapacity':'TOTAL'")),
                onItems("Query of an empty partition returns no items")
                        .ok(
                                "Query",
                                "{'TableName':'${T}','KeyConditionExpression':'pk = :pk',"
                                        + "'ExpressionAttributeValues':{':pk':{'S':'nobody'}}}"),
                onItems("Query with a key condition on a non-key attribute is rejected")
                        .fails(INVALID, "Query", queryA("f = :v", "':v':{'N':'10'}", ""))
                        .fails(
                                INVALID,
                                "Query",
                                "{'TableName':'${T}','KeyConditionExpression':'f = :v',"
                                        + "'ExpressionAttributeValues':{':v':{'N':'10'}}}"),
                onItems("Query without an equality condition on the hash key is rejected")
                        .fails(
                                INVALID,
                                "Query",
                                "{'TableName':'${T}','KeyConditionExpression':'sk > :v',"
                                        + "'ExpressionAttributeValues':{':v':{'N':'1'}}}")
                        .fails(
                                INVALID,
                                "Query",
                                "{'TableName':'${T}','KeyConditionExpression':'pk > :v',"
                                        + "'ExpressionAttributeValues':{':v':{'S':'a'}}}")
                        .fails(INVALID, "Query", "{'TableName':'${T}'}"),
                onItems("Query key conditions that DynamoDB does not allow are rejected")
                        .fails(
                                INVALID,
                                "Query",
                                queryA("begins_with(sk, :p)", "':p':{'N':'1'}", ""))
                        .fails(INVALID, "Query", queryA("sk <> :v", "':v':{'N':'1'}", ""))
                        .fails(
                                INVALID,
                                "Query",
                                "{'TableName':'${T}','KeyConditionExpression':'pk = :pk OR sk ="
                                    + " :v',"
                                    + "'ExpressionAttributeValues':{':pk':{'S':'a'},':v':{'N':'1'}}}")
                        .fails(INVALID, "Query", queryA("sk = :v", "':v':{'S':'1'}", "")),
                onItems("Query with a FilterExpression on a key attribute is rejected")
                        .fails(
                                INVALID,
                                "Query",
                                queryA("", "':v':{'N':'1'}", ",'FilterExpression':'sk > :v'")),
                onItems("Query with Limit 0 is rejected")
                        .fails(INVALID, "Query", queryA("", "", ",'Limit':0")),
                onItems("Scan returns every item")
                        .okUnordered("Scan", "{'TableName':'${T}'}")
                        .okUnordered("Scan", "{'TableName':'${T}','ConsistentRead':true}"),
                onItems("Scan with Limit pages until exhausted")
                        .scanAllPages("{'TableName':'${T}','Limit':2}")
                        .scanAllPages("{'TableName':'${T}','Limit':3}")
                        .scanAllPages("{'TableName':'${T}','Limit':9}")
                        .scanAllPages("{'TableName':'${T}','Limit':100}"),
                onItems("Scan with a FilterExpression counts scanned and matched items apart")
                        .okUnordered(
                                "Scan",
                                "{'TableName':'${T}','FilterExpression':'tag = :t AND f > :f',"
                                    + "'ExpressionAttributeValues':{':t':{'S':'even'},':f':{'N':'15'}}}")
                        .scanAllPages(
                                "{'TableName':'${T}','Limit':4,'FilterExpression':'pk = :a',"
                                        + "'ExpressionAttributeValues':{':a':{'S':'a'}}}")
                        .okUnordered(
                                "Scan",
                                "{'TableName':'${T}','FilterExpression':'sk = :one',"
                                        + "'ExpressionAttributeValues':{':one':{'N':'1'}}}"),
                onItems("Scan with a ProjectionExpression")
                        .okUnordered(
                                "Scan",
                                "{'TableName':'${T}','ProjectionExpression':'pk, m.y, nothere'}")
                        .scanAllPages("{'TableName':'${T}','ProjectionExpression':'f','Limit':4}"),
                onItems("Scan with Select COUNT and ReturnConsumedCapacity TOTAL")
                        .ok("Scan", "{'TableName':'${T}','Select':'COUNT'}")
                        .ok(
                                "Scan",
                                "{'TableName':'${T}','Select':'COUNT','ReturnConsumedCapacity':'TOTAL'}")
                        .okUnordered(
                                "Scan", "{'TableName':'${T}','ReturnConsumedCapacity':'TOTAL'}"),
                onItems("Parallel Scan: the union of all segments is the table")
                        .scanAllSegments("{'TableName':'${T}'}", 1)
                        .scanAllSegments("{'TableName':'${T}'}", 3)
                        .scanAllSegments(
                                "{'TableName':'${T}','FilterExpression':'tag = :t',"
                                        + "'ExpressionAttributeValues':{':t':{'S':'odd'}}}",
                                4),
                onItems("Scan segments out of range are rejected")
                        .fails(INVALID, "Scan", "{'TableName':'${T}','Segment':1}")
                        .fails(INVALID, "Scan", "{'TableName':'${T}','TotalSegments':2}")
                        .fails(
                                INVALID,
                                "Scan",
                                "{'TableName':'${T}','Segment':3,'TotalSegments':3}")
                        .fails(
                                INVALID,
                                "Scan",
                                "{'TableName':'${T}','Segment':0,'TotalSegments':0}")
                        .fails(
                                INVALID,
                                "Scan",
                                "{'TableName':'${T}','Segment':-1,'TotalSegments':2}"),
                onItems("Scan with an invalid FilterExpression or Limit is rejected")
                        .failsWithSyntaxError(
                                "FilterExpression",
                                "Scan",
                                "{'TableName':'${T}','FilterExpression':'tag = '}")
                        .fails(
                                INVALID,
                                "Scan",
                                "{'TableName':'${T}','FilterExpression':'tag = :t'}")
                        .fails(INVALID, "Scan", "{'TableName':'${T}','Limit':0}")
                        .fails("ResourceNotFoundException", "Scan", "{'TableName':'${T2}'}"));
    }
}
