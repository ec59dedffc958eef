package dev.streamcount.store.conformance;

import static dev.streamcount.store.conformance.Scenario.scenario;

import java.util.List;

/**
 * ConditionExpression: every comparator and function, AND/OR/NOT, nested paths, expression
 * attribute names and values, and the errors of each. Each condition guards a PutItem that rewrites
 * the same item, so a condition that holds changes nothing the next step can see.
 */
final class ConditionCases {

    private ConditionCases() {}

    /** The item every condition is evaluated against. */
    private static final String ITEM =
            "{'pk':{'S':'c'},'n':{'N':'5'},'s':{'S':'hello'},"
                    + "'l':{'L':[{'N':'1'},{'S':'x'},{'M':{'a':{'N':'1'}}}]},"
                    + "'m':{'M':{'a':{'M':{'b':{'L':[{'N':'10'},{'N':'20'}]}}}}},"
                    + "'ss':{'SS':['x','y']},'ns':{'NS':['1','2']},'t':{'BOOL':true},"
                    + "'z':{'NULL':true},'bin':{'B':'AQI='},'a.b':{'S':'dotted'}}";

    /** A scenario on a table holding {@link #ITEM}, which each step's condition reads. */
    private static Scenario onItem(String name) {
        return scenario(name).withHashTable("pk", "S").withItems(ITEM);
    }

    /** A PutItem of the item guarded by {@code condition}. */
    static String guarded(String condition, String values) {
        return "{'TableName':'${T}','Item':"
                + ITEM
                + ",'ConditionExpression':'"
                + condition
                + "'"
                + (values.isEmpty() ? "" : ",'ExpressionAttributeValues':{" + values + "}")
                + "}";
    }

    /** A PutItem of the item guarded by {@code condition} with expression attribute names. */
    static String guarded(String condition, String names, String values) {
        return "{'TableName':'${T}','Item':"
                + ITEM
                + ",'ConditionExpression':'"
                + condition
                + "','ExpressionAttributeNames':{"
                + names
                + "}"
                + (values.isEmpty() ? "" : ",'ExpressionAttributeValues':{" + values + "}")
                + "}";
    }

    private static final String FAILED = "ConditionalCheckFailedException";
    private static final String INVALID = "ValidationException";

    static List<Scenario> all() {
        return List.of(
                onItem("Condition = holds on an equal number and fails on another")
                        .ok("PutItem", guarded("n = :v", "':v':{'N':'5.0'}"))
                        .fails(FAILED, "PutItem", guarded("n = :v", "':v':{'N':'6'}")),
                onItem("Condition <> holds on a different value and fails on an equal one")
                        .ok("PutItem", guarded("n <> :v", "':v':{'N':'6'}"))
                        .fails(FAILED, "PutItem", guarded("n <> :v", "':v':{'N':'5'}")),
                onItem("Condition < and <= on numbers")
                        .ok("PutItem", guarded("n < :v", "':v':{'N':'6'}"))
                        .fails(FAILED, "PutItem", guarded("n < :v", "':v':{'N':'5'}"))
                        .ok("PutItem", guarded("n <= :v", "':v':{'N':'5'}"))
                        .fails(FAILED, "PutItem", guarded("n <= :v", "':v':{'N':'4.99'}")),
                onItem("Condition > and >= on numbers")
                        .ok("PutItem", guarded("n > :v", "':v':{'N':'-10'}"))
                        .fails(FAILED, "PutItem", guarded("n > :v", "':v':{'N':'5'}"))
                        .ok("PutItem", guarded("n >= :v", "':v':{'N':'5'}"))
                        .fails(FAILED, "PutItem", guarded("n >= :v", "':v':{'N':'5.01'}")),
                onItem("Comparators on strings and binaries use byte order")
                        .ok("PutItem", guarded("s > :v", "':v':{'S':'Hello'}"))
                        .ok("PutItem", guarded("s < :v", "':v':{'S':'hellp'}"))
                        .fails(FAILED, "PutItem", guarded("s >= :v", "':v':{'S':'hello!'}"))
                        .ok("PutItem", guarded("bin > :v", "':v':{'B':'AQE='}"))
                        .fails(FAILED, "PutItem", guarded("bin < :v", "':v':{'B':'AQ=='}")),
                onItem("Comparing values of different types is false, not an error")
                        .fails(FAILED, "PutItem", guarded("n = :v", "':v':{'S':'5'}"))
                        .fails(FAILED, "PutItem", guarded("s < :v", "':v':{'N':'1'}"))
                        .ok("PutItem", guarded("n <> :v", "':v':{'S':'5'}")),
                onItem("Condition BETWEEN holds inclusive of its bounds")
                        .ok(
                                "PutItem",
                                guarded("n BETWEEN :lo AND :hi", "':lo':{'N':'5'},':hi':{'N':'6'}"))
                        .fails(
                                FAILED,
                                "PutItem",
                                guarded("n BETWEEN :lo AND :hi", "':lo':{'N':'6'},':hi':{'N':'7'}"))
                        .fails(
                                INVALID,
                                "PutItem",
                                guarded(
                                        "n BETWEEN :lo AND :hi",
                                        "':lo':{'N':'7'},':hi':{'N':'6'}")),
                onItem("Condition IN matches any listed value")
                        .ok(
                                "PutItem",
                                guarded("s IN (:a, :b)", "':a':{'S':'x'},':b':{'S':'hello'}"))
                        .fails(
                                FAILED,
                                "PutItem",
                                guarded("n IN (:a, :b)", "':a':{'N':'4'},':b':{'N':'6'}")),
                onItem("AND, OR and NOT, with AND binding tighter than OR")
                        .ok(
                                "PutItem",
                                guarded(
                                        "n = :five AND s = :hello",
                                        "':five':{'N':'5'},':hello':{'S':'hello'}"))
                        .fails(
                                FAILED,
                                "PutItem",
                                guarded("n = :five AND s = :x", "':five':{'N':'5'},':x':{'S':'x'}"))
                        .ok(
                                "PutItem",
                                guarded(
                                        "n = :six OR s = :hello",
                                        "':six':{'N':'6'},':hello':{'S':'hello'}"))
                        .fails(FAILED, "PutItem", guarded("NOT n = :five", "':five':{'N':'5'}"))
                        .ok(
                                "PutItem",
                                guarded(
                                        "n = :six AND s = :x OR s = :hello",
                                        "':six':{'N':'6'},':x':{'S':'x'},':hello':{'S':'hello'}"))
                        .fails(
                                FAILED,
                                "PutItem",
                                guarded(
                                        "n = :six AND (s = :x OR s = :hello)",
                                        "':six':{'N':'6'},':x':{'S':'x'},':hello':{'S':'hello'}"))
                        .ok(
                                "PutItem",
                                guarded(
                                        "NOT (n = :six OR s = :x)",
                                        "':six':{'N':'6'},':x':{'S':'x'}")),
                onItem("attribute_exists and attribute_not_exists")
                        .ok("PutItem", guarded("attribute_exists(s) AND attribute_exists(z)", ""))
                        .fails(FAILED, "PutItem", guarded("attribute_exists(nothere)", ""))
                        .fails(FAILED, "PutItem", guarded("attribute_not_exists(pk)", ""))
                        .ok("PutItem", guarded("attribute_not_exists(m.a.c)", "")),
                scenario("attribute_not_exists(pk) inserts a new item once only")
                        .withHashTable("pk", "S")
                        .ok(
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'new'}},"
                                        + "'ConditionExpression':'attribute_not_exists(pk)'}")
                        .fails(
                                FAILED,
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'new'}},"
                                        + "'ConditionExpression':'attribute_not_exists(pk)'}")
                        .fails(
                                FAILED,
                                "PutItem",
                                "{'TableName':'${T}','Item':{'pk':{'S':'other'}},"
                                        + "'ConditionExpression':'attribute_exists(pk)'}"),
                onItem("attribute_type for each type, and an unknown type is rejected")
                        .ok(
                                "PutItem",
                                guarded(
                                        "attribute_type(s, :S) AND attribute_type(n, :N) AND"
                                            + " attribute_type(ss, :SS) AND attribute_type(l, :L)"
                                            + " AND attribute_type(m, :M) AND attribute_type(t,"
                                            + " :BOOL) AND attribute_type(z, :NULL) AND"
                                            + " attribute_type(bin, :B) AND attribute_type(ns,"
                                            + " :NS)",
                                        "':S':{'S':'S'},':N':{'S':'N'},':SS':{'S':'SS'},':L':{'S':'L'},"
                                            + "':M':{'S':'M'},':BOOL':{'S':'BOOL'},':NULL':{'S':'NULL'},"
                                            + "':B':{'S':'B'},':NS':{'S':'NS'}"))
                        .fails(
                                FAILED,
                                "PutItem",
                                guarded("attribute_type(n, :S)", "':S':{'S':'S'}"))
                        .fails(
                                INVALID,
                                "PutItem",
                                guarded("attribute_type(n, :X)", "':X':{'S':'X'}"))
                        .fails(
                                INVALID,
                                "PutItem",
                                guarded("attribute_type(n, :X)", "':X':{'N':'1'}")),
                onItem("begins_with on strings, and false on other types")
                        .ok("PutItem", guarded("begins_with(s, :p)", "':p':{'S':'he'}"))
                        .fails(FAILED, "PutItem", guarded("begins_with(s, :p)", "':p':{'S':'lo'}"))
                        .fails(FAILED, "PutItem", guarded("begins_with(ss, :p)", "':p':{'S':'x'}"))
                        .fails(INVALID, "PutItem", guarded("begins_with(s, :p)", "':p':{'N':'1'}")),
                onItem("contains on strings, sets and lists")
                        .ok("PutItem", guarded("contains(s, :v)", "':v':{'S':'ell'}"))
                        .ok("PutItem", guarded("contains(ss, :v)", "':v':{'S':'y'}"))
                        .ok("PutItem", guarded("contains(ns, :v)", "':v':{'N':'2.0'}"))
                        .ok("PutItem", guarded("contains(l, :v)", "':v':{'S':'x'}"))
                        .fails(FAILED, "PutItem", guarded("contains(ss, :v)", "':v':{'S':'z'}"))
                        .fails(FAILED, "PutItem", guarded("contains(n, :v)", "':v':{'N':'5'}")),
                onItem("size of strings, lists, maps, sets and binaries")
                        .ok(
                                "PutItem",
                                guarded(
                                        "size(s) = :five AND size(l) = :three AND size(m) = :one"
                                                + " AND size(ss) = :two AND size(bin) = :two",
                                        "':five':{'N':'5'},':three':{'N':'3'},':one':{'N':'1'},':two':{'N':'2'}"))
                        .fails(FAILED, "PutItem", guarded("size(s) > :v", "':v':{'N':'5'}"))
                        .fails(FAILED, "PutItem", guarded("size(n) = :v", "':v':{'N':'1'}"))
                        .ok("PutItem", guarded("n = size(s)", "")),
                onItem("Nested paths a.b[1] and list elements")
                        .ok("PutItem", guarded("m.a.b[1] = :v", "':v':{'N':'20'}"))
                        .ok(
                                "PutItem",
                                guarded(
                                        "l[2].a = :v AND l[1] = :x",
                                        "':v':{'N':'1'},':x':{'S':'x'}"))
                        .ok("PutItem", guarded("attribute_not_exists(m.a.b[5])", ""))
                        .fails(FAILED, "PutItem", guarded("m.a.b[0] > :v", "':v':{'N':'10'}")),
                onItem("ExpressionAttributeNames stand for dotted and reserved names")
                        .ok("PutItem", guarded("#ab = :v", "'#ab':'a.b'", "':v':{'S':'dotted'}"))
                        .ok(
                                "PutItem",
                                guarded(
                                        "#m.#a.#b[0] = :v",
                                        "'#m':'m','#a':'a','#b':'b'",
                                        "':v':{'N':'10'}"))
                        .fails(FAILED, "PutItem", guarded("a.b = :v", "':v':{'S':'dotted'}"))
                        .fails(INVALID, "PutItem", guarded("name = :v", "':v':{'S':'x'}")),
                onItem("Unused expression attribute values and names are rejected")
                        .fails(
                                INVALID,
                                "PutItem",
                                guarded("n = :v", "':v':{'N':'5'},':w':{'N':'6'}"))
                        .fails(INVALID, "PutItem", guarded("n = :v", "'#s':'s'", "':v':{'N':'5'}")),
                onItem("Undefined expression attribute values and names are rejected")
                        .fails(INVALID, "PutItem", guarded("n = :v", ""))
                        .fails(INVALID, "PutItem", guarded("#x = :v", "'#s':'s'", "':v':{'N':'5'}"))
                        .fails(INVALID, "PutItem", guarded("n = :v", "':w':{'N':'5'}")),
                onItem("Empty ExpressionAttributeValues and names without # are rejected")
                        .fails(
                                INVALID,
                                "PutItem",
                                "{'TableName':'${T}','Item':"
                                        + ITEM
                                        + ",'ConditionExpression':'attribute_exists(n)',"
                                        + "'ExpressionAttributeValues':{}}")
                        .fails(INVALID, "PutItem", guarded("n = v", "'v':{'N':'5'}")),
                onItem("Syntax errors in a ConditionExpression are rejected")
                        .failsWithSyntaxError(
                                "ConditionExpression",
                                "PutItem",
                                guarded("n = = :v", "':v':{'N':'5'}"))
                        .failsWithSyntaxError(
                                "ConditionExpression",
                                "PutItem",
                                guarded("(n = :v", "':v':{'N':'5'}"))
                        .failsWithSyntaxError(
                                "ConditionExpression",
                                "PutItem",
                                guarded("n BETWEEN :v", "':v':{'N':'5'}"))
                        .failsWithSyntaxError("ConditionExpression", "PutItem", guarded("n", ""))
                        .fails(INVALID, "PutItem", guarded("", "")),
                onItem("Unknown functions and misused functions are rejected")
                        .fails(INVALID, "PutItem", guarded("foo(n)", ""))
                        .fails(INVALID, "PutItem", guarded("attribute_exists(n, s)", ""))
                        .fails(INVALID, "PutItem", guarded("size(s)", ""))
                        .fails(
                                INVALID,
                                "PutItem",
                                guarded("attribute_exists(:v)", "':v':{'S':'s'}")),
                onItem("ConditionExpression together with Expected is rejected")
                        .fails(
                                INVALID,
                                "PutItem",
                                "{'TableName':'${T}','Item':"
                                        + ITEM
                                        + ",'ConditionExpression':'attribute_exists(n)',"
                                        + "'Expected':{'n':{'Exists':true,'Value':{'N':'5'}}}}"),
                onItem("DeleteItem with a condition deletes only when it holds")
                        .fails(
                                FAILED,
                                "DeleteItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'c'}},'ConditionExpression':'n"
                                    + " > :v','ExpressionAttributeValues':{':v':{'N':'5'}},"
                                    + "'ReturnValues':'ALL_OLD'}")
                        .ok(
                                "DeleteItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'c'}},'ConditionExpression':'n"
                                    + " >= :v','ExpressionAttributeValues':{':v':{'N':'5'}},"
                                    + "'ReturnValues':'ALL_OLD'}")
                        .fails(
                                FAILED,
                                "DeleteItem",
                                "{'TableName':'${T}','Key':{'pk':{'S':'c'}},"
                                        + "'ConditionExpression':'attribute_exists(pk)'}"),
                onItem("A condition on the key attribute itself")
                        .ok("PutItem", guarded("pk = :c", "':c':{'S':'c'}"))
                        .fails(FAILED, "PutItem", guarded("pk = :c", "':c':{'S':'d'}")));
    }
}
