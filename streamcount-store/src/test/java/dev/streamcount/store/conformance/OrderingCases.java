package dev.streamcount.store.conformance;

import static dev.streamcount.store.conformance.Scenario.scenario;

import java.util.List;

/**
 * How range keys sort: numbers by value (negatives and decimals too), strings and binaries by
 * unsigned bytes. These are the orderings a naive implementation gets wrong (string order for
 * numbers, signed bytes for binaries, UTF-16 order for strings), and Query returns them in order.
 */
final class OrderingCases {

    private OrderingCases() {}

    /** A Query of partition p, in either direction. */
    private static String queryP(boolean forward) {
        return "{'TableName':'${T}','KeyConditionExpression':'pk = :p',"
                + "'ExpressionAttributeValues':{':p':{'S':'p'}},'ScanIndexForward':"
                + forward
                + "}";
    }

    private static String item(String type, String value) {
        return "{'pk':{'S':'p'},'sk':{'" + type + "':'" + value + "'}}";
    }

    static List<Scenario> all() {
        return List.of(
                scenario("Numeric range keys sort by value, negatives and decimals included")
                        .withHashRangeTable("pk", "S", "sk", "N")
                        .withItems(
                                item("N", "10"),
                                item("N", "9"),
                                item("N", "-2.5"),
                                item("N", "-10"),
                                item("N", "0"),
                                item("N", "0.001"),
                                item("N", "1E+3"),
                                item("N", "-0.5"))
                        .ok("Query", queryP(true))
                        .ok("Query", queryP(false))
                        .ok(
                                "Query",
                                "{'TableName':'${T}','KeyConditionExpression':'pk = :p AND sk"
                                        + " BETWEEN :lo AND"
                                        + " :hi','ExpressionAttributeValues':{':p':{'S':'p'},"
                                        + "':lo':{'N':'-3'},':hi':{'N':'9.5'}}}"),
                scenario("String range keys sort by UTF-8 bytes")
                        .withHashRangeTable("pk", "S", "sk", "S")
                        .withItems(
                                item("S", "a"),
                                item("S", "Z"),
                                item("S", "aa"),
                                item("S", "a b"),
                                item("S", "\u00e9"),
                                item("S", "z"),
                                item("S", "\uffe1"),
                                item("S", "\ud83d\ude00"),
                                item("S", "10"),
                                item("S", "9"))
                        .ok("Query", queryP(true))
                        .ok("Query", queryP(false))
                        .ok(
                                "Query",
                                "{'TableName':'${T}','KeyConditionExpression':'pk = :p AND sk >"
                                    + " :v',"
                                    + "'ExpressionAttributeValues':{':p':{'S':'p'},':v':{'S':'z'}}}"),
                scenario("Binary range keys sort by unsigned bytes")
                        .withHashRangeTable("pk", "S", "sk", "B")
                        .withItems(
                                item("B", "AA=="),
                                item("B", "AQ=="),
                                item("B", "fw=="),
                                item("B", "gA=="),
                                item("B", "/w=="),
                                item("B", "AAE="),
                                item("B", "/wA="))
                        .ok("Query", queryP(true))
                        .ok("Query", queryP(false))
                        .ok(
                                "Query",
                                "{'TableName':'${T}','KeyConditionExpression':'pk = :p AND sk >="
                                    + " :v',"
                                    + "'ExpressionAttributeValues':{':p':{'S':'p'},':v':{'B':'gA=='}}}")
                        .ok(
                                "Query",
                                "{'TableName':'${T}','KeyConditionExpression':'pk = :p AND"
                                    + " begins_with(sk, :v)',"
                                    + "'ExpressionAttributeValues':{':p':{'S':'p'},':v':{'B':'/w=='}}}"),
                scenario("Conditions compare numbers by value and strings by bytes")
                        .withHashTable("pk", "S")
                        .withItems("{'pk':{'S':'c'},'n':{'N':'10'},'s':{'S':'\u00e9'}}")
                        .ok(
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'c'},'n':{'N':'10'},'s':{'S':'\u00e9'}},'ConditionExpression':'n"
                                    + " > :nine AND s > :z',"
                                    + "'ExpressionAttributeValues':{':nine':{'N':'9'},':z':{'S':'z'}}}")
                        .fails(
                                "ConditionalCheckFailedException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'c'}},"
                                        + "'ConditionExpression':'n < :nine',"
                                        + "'ExpressionAttributeValues':{':nine':{'N':'9.99'}}}"),
                scenario("Overlapping and conflicting projection paths are rejected")
                        .withHashTable("pk", "S")
                        .withItems("{'pk':{'S':'a'},'m':{'M':{'x':{'L':[{'N':'1'},{'N':'2'}]}}}}")
                        .fails(
                                "ValidationException",
                                "GetItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'a'}},'ProjectionExpression':'m,"
                                    + " m.x'}")
                        .fails(
                                "ValidationException",
                                "GetItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'a'}},'ProjectionExpression':'m.x,"
                                    + " m.x[0]'}")
                        .ok(
                                "GetItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'a'}},"
                                        + "'ProjectionExpression':'m.x[1], m.x[5], m.y, pk'}"),
                scenario("UpdateItem through a path of the wrong shape is rejected")
                        .withHashTable("pk", "S")
                        .withItems(
                                "{'pk':{'S':'a'},'s':{'S':'str'},'l':{'L':[{'M':{'k':{'N':'1'}}}]}}")
                        .fails(
                                "ValidationException",
                                "UpdateItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'a'}},'UpdateExpression':'SET"
                                    + " s[0] = :v','ExpressionAttributeValues':{':v':{'N':'1'}}}")
                        .fails(
                                "ValidationException",
                                "UpdateItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'a'}},'UpdateExpression':'SET"
                                    + " s.k = :v','ExpressionAttributeValues':{':v':{'N':'1'}}}")
                        .ok(
                                "UpdateItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'a'}},'UpdateExpression':'SET"
                                        + " l[0].k = :v, l[0].j ="
                                        + " :v','ExpressionAttributeValues':{':v':{'N':'2'}},"
                                        + "'ReturnValues':'UPDATED_NEW'}"));
    }
}
