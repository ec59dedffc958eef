package dev.streamcount.store.conformance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One comparable exchange of a scenario: it runs against one target and returns what it observed,
 * normalized. The same step runs against dynalite and against the store, and the two observations
 * must be equal.
 */
interface Step {

    /** The request(s), for failure messages and the transcript. */
    String describe(Variables variables);

    /** What dynalite must answer for the case to be meaningful. */
    Expect expect();

    /** Null when dynalite's observation is what the case expects, else why not. */
    default String referenceProblem(JsonNode dynalite, Variables variables) {
        String problem = expect().problemWith("dynalite", dynalite, variables);
        return problem == null ? null : problem + ": the case no longer tests what its name says";
    }

    /**
     * For a documented deviation only: what the store must answer instead of dynalite's answer
     * (DynamoDB's behaviour where dynalite is known to differ). Null for every ordinary step, whose
     * two answers must be equal.
     */
    default Expect storeExpect() {
        return null;
    }

    /**
     * Null when the store's observation conforms, else why not. An ordinary step requires it to
     * equal dynalite's; a documented deviation holds it to {@link #storeExpect()} instead.
     */
    default String storeProblem(JsonNode dynalite, JsonNode store, Variables variables) {
        if (storeExpect() != null) {
            String problem = storeExpect().problemWith("the store", store, variables);
            return problem == null
                    ? null
                    : problem + " (a documented deviation: dynalite is known to differ here)";
        }
        return dynalite.equals(store) ? null : "the store's answer differs from dynalite's";
    }

    /** Runs the step against one target and returns the normalized observation. */
    JsonNode observe(RawDynamoClient client, Variables variables);
}
