package dev.streamcount.store.conformance;

import static dev.streamcount.store.conformance.Scenario.scenario;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** BatchWriteItem and BatchGetItem: mixed requests, limits, duplicates and missing tables. */
final class BatchCases {

    private BatchCases() {}

    private static final String INVALID = "ValidationException";

    /** {@code count} PutRequests for keys k0, k1, ... */
    private static String puts(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "{'PutRequest':{'Item':{'pk':{'S':'k" + i + "'}}}}")
                .collect(Collectors.joining(","));
    }

    /** {@code count} keys k0, k1, ... */
    private static String keys(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "{'pk':{'S':'k" + i + "'}}")
                .collect(Collectors.joining(","));
    }

    static List<Scenario> all() {
        return List.of(
                scenario("BatchWriteItem puts and deletes across two tables")
                        .withHashTable("pk", "S")
                        .withHashRangeTable("h", "S", "r", "N")
                        .withItems("{'pk':{'S':'old'},'v':{'N':'1'}}")
                        .ok(
                                "BatchWriteItem",
                                "{'RequestItems':{'${T}':["
                                    + "{'PutRequest':{'Item':{'pk':{'S':'a'},'v':{'SS':['x']}}}},"
                                    + "{'PutRequest':{'Item':{'pk':{'S':'b'},'v':{'N':'2'}}}},"
                                    + "{'DeleteRequest':{'Key':{'pk':{'S':'old'}}}},"
                                    + "{'DeleteRequest':{'Key':{'pk':{'S':'never'}}}}],"
                                    + "'${T2}':[{'PutRequest':{'Item':{'h':{'S':'a'},'r':{'N':'1'}}}},"
                                    + "{'PutRequest':{'Item':{'h':{'S':'a'},'r':{'N':'2'}}}}]},"
                                    + "'ReturnConsumedCapacity':'TOTAL'}")
                        .ok(
                                "BatchGetItem",
                                "{'RequestItems':{'${T}':{'Keys':[{'pk':{'S':'a'}},{'pk':{'S':'b'}},"
                                    + "{'pk':{'S':'old'}}]},"
                                    + "'${T2}':{'Keys':[{'h':{'S':'a'},'r':{'N':'2'}},{'h':{'S':'a'},'r':{'N':'1'}}],"
                                    + "'ConsistentRead':true}},'ReturnConsumedCapacity':'TOTAL'}"),
                scenario("BatchWriteItem of 25 requests is accepted, 26 rejected")
                        .withHashTable("pk", "S")
                        .ok("BatchWriteItem", "{'RequestItems':{'${T}':[" + puts(25) + "]}}")
                        .fails(
                                INVALID,
                                "BatchWriteItem",
                                "{'RequestItems':{'${T}':[" + puts(26) + "]}}")
                        .scanAllPages("{'TableName':'${T}','Select':'COUNT'}"),
                scenario("BatchWriteItem with duplicate keys is rejected")
                        .withHashTable("pk", "S")
                        .fails(
                                INVALID,
                                "BatchWriteItem",
                                "{'RequestItems':{'${T}':[{'PutRequest':{'Item':{'pk':{'S':'a'}}}},"
                                    + "{'PutRequest':{'Item':{'pk':{'S':'a'},'v':{'N':'1'}}}}]}}")
                        .fails(
                                INVALID,
                                "BatchWriteItem",
                                "{'RequestItems':{'${T}':[{'PutRequest':{'Item':{'pk':{'S':'a'}}}},"
                                        + "{'DeleteRequest':{'Key':{'pk':{'S':'a'}}}}]}}")
                        .ok("GetItem", "{'TableName':'${T}','Key':{'pk':{'S':'a'}}}"),
                scenario("BatchWriteItem with an invalid request is rejected whole")
                        .withHashTable("pk", "S")
                        .fails(INVALID, "BatchWriteItem", "{'RequestItems':{}}")
                        .fails(INVALID, "BatchWriteItem", "{'RequestItems':{'${T}':[]}}")
                        .fails(INVALID, "BatchWriteItem", "{'RequestItems':{'${T}':[{}]}}")
                        .fails(
                                INVALID,
                                "BatchWriteItem",
                                "{'RequestItems':{'${T}':[{'PutRequest':{'Item':{'pk':{'S':'ok'}}}},"
                                    + "{'PutRequest':{'Item':{'other':{'S':'a'}}}}]}}")
                        .fails(
                                INVALID,
                                "BatchWriteItem",
                                "{'RequestItems':{'${T}':[{'DeleteRequest':{'Key':{'pk':{'N':'1'}}}}]}}")
                        .ok("GetItem", "{'TableName':'${T}','Key':{'pk':{'S':'ok'}}}"),
                scenario("BatchWriteItem to a missing table is ResourceNotFoundException")
                        .withHashTable("pk", "S")
                        .fails(
                                "ResourceNotFoundException",
                                "BatchWriteItem",
                                "{'RequestItems':{'${T}':[{'PutRequest':{'Item':{'pk':{'S':'a'}}}}],"
                                    + "'${T2}':[{'PutRequest':{'Item':{'pk':{'S':'a'}}}}]}}")
                        .ok("GetItem", "{'TableName':'${T}','Key':{'pk':{'S':'a'}}}"),
                scenario("BatchWriteItem of an item over 400 KB is rejected")
                        .withHashTable("pk", "S")
                        .fails(
                                INVALID,
                                "BatchWriteItem",
                                "{'RequestItems':{'${T}':[{'PutRequest':{'Item':{'pk':{'S':'a'},"
                                        + "'d':{'S':'${a*409600}'}}}}]}}"),
                scenario("BatchGetItem with a projection returns only projected attributes")
                        .withHashTable("pk", "S")
                        .withItems(
                                "{'pk':{'S':'a'},'x':{'N':'1'},'y':{'S':'why'},'m':{'M':{'k':{'S':'v'}}}}",
                                "{'pk':{'S':'b'},'x':{'N':'2'}}")
                        .ok(
                                "BatchGetItem",
                                "{'RequestItems':{'${T}':{'Keys':[{'pk':{'S':'a'}},{'pk':{'S':'b'}},{'pk':{'S':'c'}}],'ProjectionExpression':'#x,"
                                    + " m.k','ExpressionAttributeNames':{'#x':'x'}}}}"),
                scenario("BatchGetItem of 100 keys is accepted, 101 rejected")
                        .withHashTable("pk", "S")
                        .withItems("{'pk':{'S':'k7'}}")
                        .ok(
                                "BatchGetItem",
                                "{'RequestItems':{'${T}':{'Keys':[" + keys(100) + "]}}}")
                        .fails(
                                INVALID,
                                "BatchGetItem",
                                "{'RequestItems':{'${T}':{'Keys':[" + keys(101) + "]}}}"),
                scenario("BatchGetItem of more than 100 keys over two tables is rejected")
                        .withHashTable("pk", "S")
                        .withHashTable("pk", "S")
                        .fails(
                                INVALID,
                                "BatchGetItem",
                                "{'RequestItems':{'${T}':{'Keys':["
                                        + keys(60)
                                        + "]},'${T2}':{'Keys':["
                                        + keys(41)
                                        + "]}}}")
                        .ok(
                                "BatchGetItem",
                                "{'RequestItems':{'${T}':{'Keys':["
                                        + keys(60)
                                        + "]},'${T2}':{'Keys':["
                                        + keys(40)
                                        + "]}}}"),
                scenario("BatchGetItem with duplicate keys is rejected")
                        .withHashTable("pk", "S")
                        .fails(
                                INVALID,
                                "BatchGetItem",
                                "{'RequestItems':{'${T}':{'Keys':[{'pk':{'S':'a'}},{'pk':{'S':'a'}}]}}}"),
                scenario("BatchGetItem with an invalid key or no keys is rejected")
                        .withHashTable("pk", "S")
                        .fails(INVALID, "BatchGetItem", "{'RequestItems':{'${T}':{'Keys':[]}}}")
                        .fails(INVALID, "BatchGetItem", "{'RequestItems':{}}")
                        .fails(
                                INVALID,
                                "BatchGetItem",
                                "{'RequestItems':{'${T}':{'Keys':[{'pk':{'S':'a'},'x':{'S':'b'}}]}}}")
                        .fails(
                                INVALID,
                                "BatchGetItem",
                                "{'RequestItems':{'${T}':{'Keys':[{'pk':{'S':'a'}}],"
                                        + "'ProjectionExpression':'a','AttributesToGet':['a']}}}"),
                scenario("BatchGetItem from a missing table is ResourceNotFoundException")
                        .fails(
                                "ResourceNotFoundException",
                                "BatchGetItem",
                                "{'RequestItems':{'${T}':{'Keys':[{'pk':{'S':'a'}}]}}}"));
    }
}
