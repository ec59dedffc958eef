package dev.streamcount.store.conformance;

import static dev.streamcount.store.conformance.Scenario.scenario;

import java.util.List;

/**
 * PutItem, GetItem and DeleteItem: every attribute type, number normalisation and limits, key
 * validation, ReturnValues, the 400 KB item limit and consumed capacity.
 */
final class ItemCases {

    private ItemCases() {}

    /** One attribute of every type DynamoDB has. */
    static final String EVERY_TYPE =
            "{'pk':{'S':'all'},'s':{'S':'text'},'n':{'N':'42'},'b':{'B':'AAEC/w=='},"
                    + "'t':{'BOOL':true},'f':{'BOOL':false},'z':{'NULL':true},"
                    + "'m':{'M':{'inner':{'S':'x'},'deep':{'M':{'n':{'N':'1'}}}}},"
                    + "'l':{'L':[{'S':'a'},{'N':'2'},{'L':[]},{'M':{}}]},"
                    + "'ss':{'SS':['b','a','c']},'ns':{'NS':['3','1','2.5']},"
                    + "'bs':{'BS':['AQ==','Ag==']},'empty':{'S':''}}";

    private static final String KEY_ALL = "{'pk':{'S':'all'}}";

    static List<Scenario> all() {
        return List.of(
                scenario("PutItem then GetItem returns every attribute type")
                        .withHashTable("pk", "S")
                        .withItems(EVERY_TYPE)
                        .ok("GetItem", "{'TableName':'${T}','Key':" + KEY_ALL + "}")
                        .ok(
                                "GetItem",
                                "{'TableName':'${T}','Key':" + KEY_ALL + ",'ConsistentRead':true}"),
                scenario("GetItem of a missing key answers an empty object")
                        .withHashTable("pk", "S")
                        .ok("GetItem", "{'TableName':'${T}','Key':{'pk':{'S':'nope'}}}"),
                scenario("Numbers are normalised: 01.50, 1e2, -0, 0.000, trailing zeros")
                        .withHashTable("pk", "S")
                        .withItems(
                                "{'pk':{'S':'n'},'a':{'N':'01.50'},'b':{'N':'1e2'},'c':{'N':'-0'},"
                                    + "'d':{'N':'0.000'},'e':{'N':'-1.0E-5'},'f':{'N':'100.0100'},"
                                    + "'ns':{'NS':['01','2.50','-0.5']}}")
                        .ok("GetItem", "{'TableName':'${T}','Key':{'pk':{'S':'n'}}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'p'},'g':{'N':'+7'}}}"),
                scenario("A numeric key written as 1.0 is found as 1")
                        .withHashTable("id", "N")
                        .withItems("{'id':{'N':'1.0'},'v':{'S':'one'}}")
                        .ok("GetItem", "{'TableName':'${T}','Key':{'id':{'N':'1'}}}")
                        .ok("GetItem", "{'TableName':'${T}','Key':{'id':{'N':'001.000'}}}"),
                scenario("Largest and smallest numbers are accepted, beyond them rejected")
                        .withHashTable("pk", "S")
                        .withItems(
                                "{'pk':{'S':'big'},'max':{'N':'9.9999999999999999999999999999999999999E+125'},"
                                    + "'min':{'N':'1E-130'},'neg':{'N':'-9.9999999999999999999999999999999999999E+125'}}")
                        .ok("GetItem", "{'TableName':'${T}','Key':{'pk':{'S':'big'}}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'},'n':{'N':'1E+126'}}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'},'n':{'N':'1E-131'}}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'},'n':{'N':'-1E+126'}}}"),
                scenario("A number of 39 significant digits is rejected, 38 accepted")
                        .withHashTable("pk", "S")
                        .withItems(
                                "{'pk':{'S':'d38'},'n':{'N':'12345678901234567890123456789012345678'}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'d39'},"
                                        + "'n':{'N':'123456789012345678901234567890123456789'}}}")
                        .ok("GetItem", "{'TableName':'${T}','Key':{'pk':{'S':'d38'}}}"),
                scenario("A number that is not a number is rejected")
                        .withHashTable("pk", "S")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'},'n':{'N':'abc'}}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'},'n':{'N':''}}}"),
                scenario("Empty sets are rejected")
                        .withHashTable("pk", "S")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'},'ss':{'SS':[]}}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'},'ns':{'NS':[]}}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'},"
                                        + "'m':{'M':{'bs':{'BS':[]}}}}}"),
                scenario("Sets with duplicate members are rejected")
                        .withHashTable("pk", "S")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'},'ss':{'SS':['a','a']}}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'},'ns':{'NS':['1','1.0']}}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'},'bs':{'BS':['AQ==','AQ==']}}}"),
                scenario("Attribute values with two types, no type or NULL false are rejected")
                        .withHashTable("pk", "S")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'},'v':{'S':'a','N':'1'}}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'},'v':{}}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'},'v':{'NULL':false}}}"),
                scenario("PutItem without the key attribute is rejected")
                        .withHashRangeTable("pk", "S", "sk", "N")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'other':{'S':'x'}}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'}}}"),
                scenario("PutItem with a key of the wrong type is rejected")
                        .withHashTable("pk", "S")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'N':'1'}}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'SS':['a']}}}"),
                scenario("PutItem with an empty string key is rejected")
                        .withHashTable("pk", "S")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':''}}}"),
                scenario("GetItem with an extra, a missing or a mistyped key attribute is rejected")
                        .withHashRangeTable("pk", "S", "sk", "N")
                        .withItems("{'pk':{'S':'a'},'sk':{'N':'1'}}")
                        .fails(
                                "ValidationException",
                                "GetItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'a'},'sk':{'N':'1'},'x':{'S':'y'}}}")
                        .fails(
                                "ValidationException",
                                "GetItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'a'}}}")
                        .fails(
                                "ValidationException",
                                "GetItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'a'},'sk':{'S':'1'}}}")
                        .fails(
                                "ValidationException",
                                "GetItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':''},'sk':{'N':'1'}}}"),
                scenario("GetItem with a ProjectionExpression returns only the projected paths")
                        .withHashTable("pk", "S")
                        .withItems(EVERY_TYPE)
                        .ok(
                                "GetItem",
                                "{'TableName':'${T}','Key':"
                                        + KEY_ALL
                                        + ",'ProjectionExpression':'s, #n, m.deep, l[1], l[3],"
                                        + " absent','ExpressionAttributeNames':{'#n':'n'}}"),
                scenario("A reserved word in a ProjectionExpression is rejected")
                        .withHashTable("pk", "S")
                        .fails(
                                "ValidationException",
                                "GetItem",
                                "{'TableName':'${T}','Key':"
                                        + KEY_ALL
                                        + ",'ProjectionExpression':'s, missing'}"),
                scenario("GetItem with an unused expression attribute name is rejected")
                        .withHashTable("pk", "S")
                        .fails(
                                "ValidationException",
                                "GetItem",
                                "{'TableName':'${T}','Key':"
                                        + KEY_ALL
                                        + ",'ProjectionExpression':'s',"
                                        + "'ExpressionAttributeNames':{'#n':'n'}}"),
                scenario("PutItem ReturnValues ALL_OLD returns the replaced item, NONE nothing")
                        .withHashTable("pk", "S")
                        .ok(
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'a'},'v':{'N':'1'}},"
                                        + "'ReturnValues':'ALL_OLD'}")
                        .ok(
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'a'},'v':{'N':'2'}},"
                                        + "'ReturnValues':'ALL_OLD'}")
                        .ok(
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'a'},'w':{'S':'3'}},"
                                        + "'ReturnValues':'NONE'}")
                        .ok("GetItem", "{'TableName':'${T}','Key':{'pk':{'S':'a'}}}"),
                scenario("PutItem ReturnValues ALL_NEW is rejected")
                        .withHashTable("pk", "S")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'a'}},'ReturnValues':'ALL_NEW'}"),
                scenario("DeleteItem ReturnValues ALL_OLD returns the deleted item, then nothing")
                        .withHashTable("pk", "S")
                        .withItems(EVERY_TYPE)
                        .ok(
                                "DeleteItem",
                                "{'TableName':'${T}','Key':"
                                        + KEY_ALL
                                        + ",'ReturnValues':'ALL_OLD'}")
                        .ok(
                                "DeleteItem",
                                "{'TableName':'${T}','Key':"
                                        + KEY_ALL
                                        + ",'ReturnValues':'ALL_OLD'}")
                        .ok("GetItem", "{'TableName':'${T}','Key':" + KEY_ALL + "}"),
                scenario("DeleteItem ReturnValues UPDATED_OLD is rejected")
                        .withHashTable("pk", "S")
                        // The API reference: "For DeleteItem, the valid values are: NONE, ALL_OLD".
                        // The store is held to the type only: DynamoDB's wording for DeleteItem is
                        // not captured anywhere the suite can cite.
                        .deviation(
                                "dynalite accepts it: validations/deleteItem.js lacks the"
                                        + " 'ReturnValues can only be ALL_OLD or NONE' check that"
                                        + " validations/putItem.js has",
                                "DeleteItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'a'}},'ReturnValues':'UPDATED_OLD'}",
                                Expect.ok(),
                                Expect.error("ValidationException")),
                scenario("An item of exactly 400 KB is stored, one byte more is rejected")
                        .withHashTable("pk", "S")
                        // Size = names + values: 'pk' 2 + 'k' 1 + 'data' 4 + 409593 = 409600.
                        .withItems("{'pk':{'S':'k'},'data':{'S':'${a*409593}'}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'j'},'data':{'S':'${a*409594}'}}}")
                        .ok(
                                "GetItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'k'}},'ProjectionExpression':'pk',"
                                    + "'ReturnConsumedCapacity':'TOTAL'}")
                        .ok("GetItem", "{'TableName':'${T}','Key':{'pk':{'S':'j'}}}"),
                scenario("ReturnConsumedCapacity TOTAL on PutItem, GetItem and DeleteItem")
                        .withHashTable("pk", "S")
                        .ok(
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'small'}},"
                                        + "'ReturnConsumedCapacity':'TOTAL'}")
                        .ok(
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'5k'},'d':{'S':'${a*5000}'}},"
                                    + "'ReturnConsumedCapacity':'TOTAL'}")
                        .ok(
                                "GetItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'5k'}},'ProjectionExpression':'pk',"
                                    + "'ReturnConsumedCapacity':'TOTAL'}")
                        .ok(
                                "GetItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'5k'}},'ConsistentRead':true,"
                                    + "'ProjectionExpression':'pk','ReturnConsumedCapacity':'TOTAL'}")
                        .ok(
                                "GetItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'none'}},"
                                        + "'ReturnConsumedCapacity':'TOTAL'}")
                        .ok(
                                "DeleteItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'5k'}},"
                                        + "'ReturnConsumedCapacity':'TOTAL'}")
                        .ok(
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'x'}},'ReturnConsumedCapacity':'NONE'}"),
                scenario("A binary hash key is stored and found")
                        .withHashTable("id", "B")
                        .withItems("{'id':{'B':'3q2+7w=='},'v':{'BS':['AA==']}}")
                        .ok("GetItem", "{'TableName':'${T}','Key':{'id':{'B':'3q2+7w=='}}}")
                        .fails(
                                "ValidationException",
                                "PutItem",
                                "{'TableName':'${T}','Item':{'id':{'B':''}}}"),
                scenario("Empty strings and binaries are allowed outside keys")
                        .withHashTable("pk", "S")
                        .withItems(
                                "{'pk':{'S':'e'},'s':{'S':''},'b':{'B':''},'m':{'M':{'s':{'S':''}}},"
                                    + "'l':{'L':[{'S':''}]}}")
                        .ok("GetItem", "{'TableName':'${T}','Key':{'pk':{'S':'e'}}}"),
                scenario("PutItem without TableName or Item is rejected")
                        .fails("ValidationException", "PutItem", "{'Item':{'pk':{'S':'a'}}}")
                        .withHashTable("pk", "S")
                        .fails("ValidationException", "PutItem", "{'TableName':'${T}'}"));
    }
}
