package dev.streamcount.store.conformance;

import static dev.streamcount.store.conformance.Scenario.scenario;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/** CreateTable, DescribeTable, ListTables and DeleteTable, on their success and error paths. */
final class TableCases {

    private TableCases() {}

    private static final String HASH_S =
            "'KeySchema':[{'AttributeName':'pk','KeyType':'HASH'}],"
                    + "'AttributeDefinitions':[{'AttributeName':'pk','AttributeType':'S'}]";

    /**
     * dynalite keeps the CreateTable request itself as the table's description
     * (actions/createTable.js adds fields to {@code data} and deletes BillingMode only for
     * PAY_PER_REQUEST), so a PROVISIONED request's BillingMode comes back at the top level.
     * DynamoDB's TableDescription has no such member (the AWS SDK's model, {@code
     * software.amazon.awssdk.services.dynamodb.model.TableDescription}, has billingModeSummary()
     * only), so the store must not send it.
     */
    private static final String ECHOED_BILLING_MODE =
            "dynalite echoes the request's BillingMode, which is no member of TableDescription";

    static List<Scenario> all() {
        return List.of(
                scenario("CreateTable with a string hash key, on demand, then DescribeTable")
                        .ok(
                                "CreateTable",
                                "{'TableName':'${T}','BillingMode':'PAY_PER_REQUEST',"
                                        + HASH_S
                                        + "}")
                        .awaitActive("${T}")
                        .ok("DescribeTable", "{'TableName':'${T}'}"),
                scenario("CreateTable with hash and numeric range keys, provisioned")
                        .deviationOnField(
                                ECHOED_BILLING_MODE,
                                "CreateTable",
                                "{'TableName':'${T}','BillingMode':'PROVISIONED',"
                                    + "'ProvisionedThroughput':{'ReadCapacityUnits':5,'WriteCapacityUnits':3},"
                                    + "'KeySchema':[{'AttributeName':'pk','KeyType':'HASH'},"
                                    + "{'AttributeName':'sk','KeyType':'RANGE'}],"
                                    + "'AttributeDefinitions':[{'AttributeName':'sk','AttributeType':'N'},"
                                    + "{'AttributeName':'pk','AttributeType':'S'}]}",
                                List.of("TableDescription", "BillingMode"),
                                TextNode.valueOf("PROVISIONED"),
                                null)
                        .awaitActive("${T}")
                        .deviationOnField(
                                ECHOED_BILLING_MODE,
                                "DescribeTable",
                                "{'TableName':'${T}'}",
                                List.of("Table", "BillingMode"),
                                TextNode.valueOf("PROVISIONED"),
                                null),
                scenario("CreateTable without BillingMode is provisioned")
                        .ok(
                                "CreateTable",
                                "{'TableName':'${T}',"
                                    + "'ProvisionedThroughput':{'ReadCapacityUnits':1,'WriteCapacityUnits':1},"
                                    + "'KeySchema':[{'AttributeName':'id','KeyType':'HASH'}],"
                                    + "'AttributeDefinitions':[{'AttributeName':'id','AttributeType':'B'}]}")
                        .awaitActive("${T}")
                        .ok("DescribeTable", "{'TableName':'${T}'}"),
                scenario("CreateTable with binary hash and string range keys")
                        .ok(
                                "CreateTable",
                                "{'TableName':'${T}','BillingMode':'PAY_PER_REQUEST',"
                                    + "'KeySchema':[{'AttributeName':'h','KeyType':'HASH'},"
                                    + "{'AttributeName':'r','KeyType':'RANGE'}],"
                                    + "'AttributeDefinitions':[{'AttributeName':'h','AttributeType':'B'},"
                                    + "{'AttributeName':'r','AttributeType':'S'}]}")
                        .awaitActive("${T}")
                        .ok("DescribeTable", "{'TableName':'${T}'}"),
                scenario("CreateTable without KeySchema is rejected")
                        .fails(
                                "ValidationException",
                                "CreateTable",
                                "{'TableName':'${T}','BillingMode':'PAY_PER_REQUEST',"
                                    + "'AttributeDefinitions':[{'AttributeName':'pk','AttributeType':'S'}]}"),
                scenario("CreateTable whose key attribute is not defined is rejected")
                        .fails(
                                "ValidationException",
                                "CreateTable",
                                "{'TableName':'${T}','BillingMode':'PAY_PER_REQUEST',"
                                    + "'KeySchema':[{'AttributeName':'pk','KeyType':'HASH'}],"
                                    + "'AttributeDefinitions':[{'AttributeName':'other','AttributeType':'S'}]}"),
                scenario("CreateTable defining an attribute no key uses is rejected")
                        .fails(
                                "ValidationException",
                                "CreateTable",
                                "{'TableName':'${T}','BillingMode':'PAY_PER_REQUEST',"
                                    + "'KeySchema':[{'AttributeName':'pk','KeyType':'HASH'}],"
                                    + "'AttributeDefinitions':[{'AttributeName':'pk','AttributeType':'S'},"
                                    + "{'AttributeName':'extra','AttributeType':'N'}]}"),
                scenario("CreateTable with a BOOL key type is rejected")
                        .fails(
                                "ValidationException",
                                "CreateTable",
                                "{'TableName':'${T}','BillingMode':'PAY_PER_REQUEST',"
                                    + "'KeySchema':[{'AttributeName':'pk','KeyType':'HASH'}],"
                                    + "'AttributeDefinitions':[{'AttributeName':'pk','AttributeType':'BOOL'}]}"),
                scenario("CreateTable with two hash keys is rejected")
                        .fails(
                                "ValidationException",
                                "CreateTable",
                                "{'TableName':'${T}','BillingMode':'PAY_PER_REQUEST',"
                                    + "'KeySchema':[{'AttributeName':'a','KeyType':'HASH'},"
                                    + "{'AttributeName':'b','KeyType':'HASH'}],"
                                    + "'AttributeDefinitions':[{'AttributeName':'a','AttributeType':'S'},"
                                    + "{'AttributeName':'b','AttributeType':'S'}]}"),
                scenario("CreateTable of an existing table is ResourceInUseException")
                        .withHashTable("pk", "S")
                        .deviation(
                                "dynalite answers an empty message (actions/createTable.js:"
                                    + " message: ''); DynamoDB says 'Table already exists: NAME'",
                                "CreateTable",
                                "{'TableName':'${T}','BillingMode':'PAY_PER_REQUEST',"
                                        + HASH_S
                                        + "}",
                                Expect.error("ResourceInUseException", ""),
                                Expect.error(
                                        "ResourceInUseException", "Table already exists: ${T}")),
                scenario("CreateTable with illegal characters in the name is rejected")
                        .fails(
                                "ValidationException",
                                "CreateTable",
                                "{'TableName':'bad name!','BillingMode':'PAY_PER_REQUEST',"
                                        + HASH_S
                                        + "}"),
                scenario("CreateTable with a two-letter name is rejected")
                        .fails(
                                "ValidationException",
                                "CreateTable",
                                "{'TableName':'ab','BillingMode':'PAY_PER_REQUEST',"
                                        + HASH_S
                                        + "}"),
                scenario("CreateTable provisioned without ProvisionedThroughput is rejected")
                        .fails(
                                "ValidationException",
                                "CreateTable",
                                "{'TableName':'${T}','BillingMode':'PROVISIONED'," + HASH_S + "}"),
                scenario("CreateTable on demand with ProvisionedThroughput is rejected")
                        .fails(
                                "ValidationException",
                                "CreateTable",
                                "{'TableName':'${T}','BillingMode':'PAY_PER_REQUEST',"
                                    + "'ProvisionedThroughput':{'ReadCapacityUnits':1,'WriteCapacityUnits':1},"
                                        + HASH_S
                                        + "}"),
                scenario("CreateTable with an unknown attribute type is rejected")
                        .fails(
                                "ValidationException",
                                "CreateTable",
                                "{'TableName':'${T}','BillingMode':'PAY_PER_REQUEST',"
                                    + "'KeySchema':[{'AttributeName':'pk','KeyType':'HASH'}],"
                                    + "'AttributeDefinitions':[{'AttributeName':'pk','AttributeType':'X'}]}"),
                scenario("DescribeTable of a missing table is ResourceNotFoundException")
                        .fails(
                                "ResourceNotFoundException",
                                "DescribeTable",
                                "{'TableName':'${T}'}"),
                scenario("ListTables pages with Limit and ExclusiveStartTableName")
                        .ok(
                                "CreateTable",
                                "{'TableName':'${P}-b','BillingMode':'PAY_PER_REQUEST',"
                                        + HASH_S
                                        + "}")
                        .ok(
                                "CreateTable",
                                "{'TableName':'${P}-a','BillingMode':'PAY_PER_REQUEST',"
                                        + HASH_S
                                        + "}")
                        .ok(
                                "CreateTable",
                                "{'TableName':'${P}-c','BillingMode':'PAY_PER_REQUEST',"
                                        + HASH_S
                                        + "}")
                        .awaitActive("${P}-c")
                        // Every earlier scenario's tables sort before this one's prefix.
                        .ok("ListTables", "{'ExclusiveStartTableName':'${P}','Limit':2}")
                        .ok("ListTables", "{'ExclusiveStartTableName':'${P}-b','Limit':2}")
                        .ok("ListTables", "{'ExclusiveStartTableName':'${P}-a','Limit':2}"),
                scenario("ListTables with Limit 0 or 101 is rejected")
                        .fails("ValidationException", "ListTables", "{'Limit':0}")
                        .fails("ValidationException", "ListTables", "{'Limit':101}"),
                scenario("DeleteTable returns the description, then the table is gone")
                        .withHashTable("pk", "S")
                        .withItems("{'pk':{'S':'a'}}")
                        .ok("DeleteTable", "{'TableName':'${T}'}")
                        .awaitDeleted("${T}")
                        .fails(
                                "ResourceNotFoundException",
                                "GetItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'a'}}}"),
                scenario("DeleteTable of a missing table is ResourceNotFoundException")
                        .fails("ResourceNotFoundException", "DeleteTable", "{'TableName':'${T}'}"),
                scenario("PutItem into a missing table is ResourceNotFoundException")
                        .fails(
                                "ResourceNotFoundException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'a'}}}"));
    }
}
