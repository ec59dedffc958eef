package dev.streamcount.store.conformance;

import static dev.streamcount.store.conformance.Scenario.scenario;

import java.util.List;

/**
 * UpdateItem: SET with arithmetic, if_not_exists and list_append; REMOVE; ADD and DELETE on numbers
 * and sets; every ReturnValues; and the errors (key attributes, overlapping or invalid paths, wrong
 * operand types, syntax).
 */
final class UpdateCases {

    private UpdateCases() {}

    private static final String ITEM =
            "{'pk':{'S':'u'},'n':{'N':'5'},'s':{'S':'hello'},'l':{'L':[{'N':'1'},{'N':'2'}]},"
                + "'ss':{'SS':['a','b']},'ns':{'NS':['1','2']},'m':{'M':{'a':{'M':{'b':{'N':'1'}}}}}}";

    private static Scenario onItem(String name) {
        return scenario(name).withHashTable("pk", "S").withItems(ITEM);
    }

    /** An UpdateItem of the item with {@code expression}, values and ReturnValues. */
    static String update(String expression, String values, String returnValues) {
        return "{'TableName':'${T}','Key':{'pk':{'S':'u'}},'UpdateExpression':'"
                + expression
                + "'"
                + (values.isEmpty() ? "" : ",'ExpressionAttributeValues':{" + values + "}")
                + (returnValues.isEmpty() ? "" : ",'ReturnValues':'" + returnValues + "'")
                + "}";
    }

    private static final String GET = "{'TableName':'${T}','Key':{'pk':{'S':'u'}}}";
    private static final String INVALID = "ValidationException";

    static List<Scenario> all() {
        return List.of(
                onItem("SET with + and - on numbers")
                        .ok(
                                "UpdateItem",
                                update("SET n = n + :d", "':d':{'N':'2.5'}", "UPDATED_NEW"))
                        .ok(
                                "UpdateItem",
                                update("SET n = n - :d, x = :d - n", "':d':{'N':'10'}", "ALL_NEW")),
                onItem("SET with if_not_exists makes a counter")
                        .ok(
                                "UpdateItem",
                                update(
                                        "SET c = if_not_exists(c, :zero) + :one",
                                        "':zero':{'N':'0'},':one':{'N':'1'}",
                                        "UPDATED_NEW"))
                        .ok(
                                "UpdateItem",
                                update(
                                        "SET c = if_not_exists(c, :zero) + :one",
                                        "':zero':{'N':'0'},':one':{'N':'1'}",
                                        "UPDATED_OLD"))
                        .ok(
                                "UpdateItem",
                                update(
                                        "SET s = if_not_exists(s, :v)",
                                        "':v':{'S':'other'}",
                                        "ALL_NEW")),
                onItem("SET with list_append at either end")
                        .ok(
                                "UpdateItem",
                                update(
                                        "SET l = list_append(l, :more)",
                                        "':more':{'L':[{'S':'end'}]}",
                                        "UPDATED_NEW"))
                        .ok(
                                "UpdateItem",
                                update(
                                        "SET l = list_append(:front, l)",
                                        "':front':{'L':[{'S':'start'}]}",
                                        "ALL_NEW"))
                        .fails(
                                INVALID,
                                "UpdateItem",
                                update("SET l = list_append(l, :s)", "':s':{'S':'x'}", "")),
                onItem("SET on a nested path and past the end of a list")
                        .ok(
                                "UpdateItem",
                                update("SET m.a.c = :v, l[10] = :v", "':v':{'S':'new'}", "ALL_NEW"))
                        .fails(
                                INVALID,
                                "UpdateItem",
                                update("SET m.nothere.x = :v", "':v':{'S':'x'}", ""))
                        .ok("GetItem", GET),
                onItem("REMOVE top-level attributes and list elements")
                        .ok("UpdateItem", update("REMOVE s, l[0], nothere", "", "ALL_NEW"))
                        .ok("UpdateItem", update("REMOVE m.a.b", "", "UPDATED_OLD")),
                onItem("ADD to a number, to a missing number and to sets")
                        .ok(
                                "UpdateItem",
                                update("ADD n :d, fresh :d", "':d':{'N':'3'}", "UPDATED_NEW"))
                        .ok(
                                "UpdateItem",
                                update(
                                        "ADD ss :s, ns :n",
                                        "':s':{'SS':['c','a']},':n':{'NS':['3']}",
                                        "UPDATED_NEW"))
                        .ok("UpdateItem", update("ADD newset :s", "':s':{'SS':['z']}", "ALL_NEW")),
                onItem("ADD to a string or of a mismatched set is rejected")
                        .fails(INVALID, "UpdateItem", update("ADD s :d", "':d':{'N':'1'}", ""))
                        .fails(INVALID, "UpdateItem", update("ADD ss :n", "':n':{'NS':['1']}", ""))
                        .fails(
                                INVALID,
                                "UpdateItem",
                                update("ADD l :n", "':n':{'L':[{'N':'1'}]}", "")),
                onItem("DELETE from a set, down to nothing removes the attribute")
                        .ok(
                                "UpdateItem",
                                update("DELETE ss :s", "':s':{'SS':['a','zz']}", "UPDATED_NEW"))
                        .ok("UpdateItem", update("DELETE ss :s", "':s':{'SS':['b']}", "ALL_NEW"))
                        .ok(
                                "UpdateItem",
                                update("DELETE nothere :s", "':s':{'SS':['b']}", "ALL_NEW"))
                        .fails(
                                INVALID,
                                "UpdateItem",
                                update("DELETE ns :s", "':s':{'SS':['1']}", "")),
                onItem("Updating a key attribute is rejected")
                        .fails(
                                INVALID,
                                "UpdateItem",
                                update("SET pk = :v", "':v':{'S':'other'}", ""))
                        .fails(INVALID, "UpdateItem", update("REMOVE pk", "", ""))
                        .fails(INVALID, "UpdateItem", update("ADD pk :v", "':v':{'S':'x'}", "")),
                onItem("ReturnValues NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW")
                        .ok("UpdateItem", update("SET n = :v", "':v':{'N':'6'}", "NONE"))
                        .ok("UpdateItem", update("SET n = :v", "':v':{'N':'7'}", "ALL_OLD"))
                        .ok(
                                "UpdateItem",
                                update("SET n = :v, q = :v", "':v':{'N':'8'}", "UPDATED_OLD"))
                        .ok(
                                "UpdateItem",
                                update("SET n = :v REMOVE s", "':v':{'N':'9'}", "ALL_NEW"))
                        .ok(
                                "UpdateItem",
                                update("SET n = :v REMOVE l", "':v':{'N':'10'}", "UPDATED_NEW")),
                scenario("UpdateItem of a missing key creates the item")
                        .withHashTable("pk", "S")
                        .ok(
                                "UpdateItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'fresh'}},'UpdateExpression':'SET"
                                    + " v = :v','ExpressionAttributeValues':{':v':{'N':'1'}},"
                                    + "'ReturnValues':'ALL_NEW'}")
                        .ok(
                                "UpdateItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'bare'}},'ReturnValues':'ALL_NEW'}")
                        .ok("GetItem", "{'TableName':'${T}','Key':{'pk':{'S':'bare'}}}")
                        .ok(
                                "UpdateItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'gone'}},'UpdateExpression':'REMOVE"
                                    + " x','ReturnValues':'ALL_OLD'}"),
                onItem("Two paths that overlap are rejected")
                        .fails(
                                INVALID,
                                "UpdateItem",
                                update("SET n = :v REMOVE n", "':v':{'N':'1'}", ""))
                        .fails(
                                INVALID,
                                "UpdateItem",
                                update("SET m.a = :v, m.a.b = :v", "':v':{'N':'1'}", ""))
                        .fails(
                                INVALID,
                                "UpdateItem",
                                update("SET n = :v SET s = :v", "':v':{'N':'1'}", "")),
                onItem("Arithmetic on a non-number is rejected")
                        .fails(
                                INVALID,
                                "UpdateItem",
                                update("SET n = s + :v", "':v':{'N':'1'}", ""))
                        .fails(
                                INVALID,
                                "UpdateItem",
                                update("SET n = n + :v", "':v':{'S':'1'}", ""))
                        .fails(
                                INVALID,
                                "UpdateItem",
                                update("SET n = nothere + :v", "':v':{'N':'1'}", "")),
                onItem("UpdateExpression syntax errors are rejected")
                        .failsWithSyntaxError(
                                "UpdateExpression", "UpdateItem", update("SET n = ", "", ""))
                        .failsWithSyntaxError(
                                "UpdateExpression",
                                "UpdateItem",
                                update("SET n :v", "':v':{'N':'1'}", ""))
                        .failsWithSyntaxError(
                                "UpdateExpression", "UpdateItem", update("INCREMENT n", "", ""))
                        .failsWithSyntaxError(
                                "UpdateExpression",
                                "UpdateItem",
                                update("REMOVE n = :v", "':v':{'N':'1'}", "")),
                onItem("Unused and undefined values in an UpdateExpression are rejected")
                        .fails(
                                INVALID,
                                "UpdateItem",
                                update("SET n = :v", "':v':{'N':'1'},':w':{'N':'2'}", ""))
                        .fails(INVALID, "UpdateItem", update("SET n = :v", "", "")),
                onItem("UpdateItem with a ConditionExpression")
                        .fails(
                                "ConditionalCheckFailedException",
                                "UpdateItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'u'}},'UpdateExpression':'SET"
                                        + " n = :v','ConditionExpression':'n >"
                                        + " :v','ExpressionAttributeValues':{':v':{'N':'5'}}}")
                        .ok(
                                "UpdateItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'u'}},'UpdateExpression':'SET"
                                    + " n = :w','ConditionExpression':'n = :v',"
                                    + "'ExpressionAttributeValues':{':v':{'N':'5'},':w':{'N':'50'}},"
                                    + "'ReturnValues':'UPDATED_OLD'}")
                        .fails(
                                "ConditionalCheckFailedException",
                                "UpdateItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'missing'}},'UpdateExpression':'SET"
                                    + " n = :v','ConditionExpression':'attribute_exists(pk)',"
                                    + "'ExpressionAttributeValues':{':v':{'N':'5'}}}"),
                onItem("UpdateItem with ExpressionAttributeNames and ReturnConsumedCapacity")
                        .ok(
                                "UpdateItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'u'}},'UpdateExpression':'SET"
                                    + " #s = :v','ExpressionAttributeNames':{'#s':'status'},"
                                    + "'ExpressionAttributeValues':{':v':{'S':'on'}},"
                                    + "'ReturnValues':'ALL_NEW','ReturnConsumedCapacity':'TOTAL'}")
                        .fails(
                                INVALID,
                                "UpdateItem",
                                update("SET status = :v", "':v':{'S':'on'}", "")),
                onItem("An update that makes the item too large is rejected")
                        .fails(
                                INVALID,
                                "UpdateItem",
                                update("SET big = :v", "':v':{'S':'${a*409600}'}", ""))
                        .ok("GetItem", GET));
    }
}
