package dev.streamcount.store.conformance;

import static dev.streamcount.store.conformance.Scenario.scenario;

import java.util.List;

/**
 * The protocol's own errors: bodies that are not JSON, unknown targets, fields of the wrong JSON
 * type and missing required parameters (DynamoDB's "N validation errors detected" messages).
 */
final class ProtocolCases {

    private ProtocolCases() {}

    private static final String INVALID = "ValidationException";

    static List<Scenario> all() {
        return List.of(
                scenario("A body that is not JSON is a SerializationException")
                        .withHashTable("pk", "S")
                        .raw(
                                "DynamoDB_20120810.GetItem",
                                "{\"TableName\": \"${T}\", \"Key\": {",
                                Expect.error("SerializationException"))
                        .raw(
                                "DynamoDB_20120810.ListTables",
                                "not json",
                                Expect.error("SerializationException")),
                scenario("An unknown operation is an UnknownOperationException")
                        .raw(
                                "DynamoDB_20120810.FlyToTheMoon",
                                "{}",
                                Expect.error("UnknownOperationException"))
                        .raw(
                                "DynamoDB_20990101.ListTables",
                                "{}",
                                Expect.error("UnknownOperationException"))
                        .raw("ListTables", "{}", Expect.error("UnknownOperationException")),
                scenario("A field of the wrong JSON type is a SerializationException")
                        .withHashTable("pk", "S")
                        .fails(
                                "SerializationException",
                                "GetItem",
                                "{'TableName':5,'Key':{'pk':{'S':'a'}}}")
                        .fails(
                                "SerializationException",
                                "GetItem",
                                "{'TableName':'${T}','Key':'a'}")
                        .fails("SerializationException", "ListTables", "{'Limit':'ten'}")
                        .fails(
                                "SerializationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':5}}}"),
                scenario("Missing required parameters are listed in one ValidationException")
                        .fails(INVALID, "GetItem", "{}")
                        .fails(INVALID, "DescribeTable", "{}")
                        .fails(INVALID, "DeleteItem", "{'TableName':'x'}")
                        .fails(INVALID, "CreateTable", "{}")
                        .fails(INVALID, "Query", "{}")
                        .fails(INVALID, "BatchGetItem", "{}"),
                scenario("Invalid enum values are ValidationExceptions")
                        .withHashTable("pk", "S")
                        .fails(
                                INVALID,
                                "GetItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'a'}},'ReturnConsumedCapacity':'ALL'}")
                        .fails(
                                INVALID,
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'a'}},'ReturnValues':'EVERYTHING'}")
                        .fails(INVALID, "Scan", "{'TableName':'${T}','Select':'SOME'}"),
                scenario("ListTables after every table name returns no names")
                        .raw(
                                "DynamoDB_20120810.ListTables",
                                "{\"ExclusiveStartTableName\":\"zzzzzz\"}",
                                Expect.ok()));
    }
}
