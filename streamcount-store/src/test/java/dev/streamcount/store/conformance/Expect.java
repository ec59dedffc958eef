package dev.streamcount.store.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * What a step expects dynalite to answer: success, or an error of one type. It is checked against
 * dynalite, never taken from the store, and proves the case exercises what its name says (a case
 * whose "too many keys" request succeeded would compare nothing of interest).
 *
 * <p>A documented deviation also holds the store to an Expect of its own: DynamoDB's documented
 * behaviour where dynalite is known to differ from it.
 *
 * @param status the HTTP status expected
 * @param errorType the {@code __type} after '#', or null for a success
 * @param message the exact error message expected (placeholders allowed), or null
 * @param messagePattern a regular expression the whole error message must match, or null
 */
record Expect(int status, String errorType, String message, Pattern messagePattern) {

    static Expect ok() {
        return new Expect(200, null, null, null);
    }

    static Expect error(String errorType) {
        return new Expect(400, errorType, null, null);
    }

    /** An error with exactly this message; {@code ${T}} and the like are substituted. */
    static Expect error(String errorType, String message) {
        return new Expect(400, errorType, message, null);
    }

    /** An error whose whole message matches {@code regex}. */
    static Expect errorMatching(String errorType, String regex) {
        return new Expect(400, errorType, null, Pattern.compile(regex, Pattern.DOTALL));
    }

    /** Null when {@code observed} (a normalized answer) meets this expectation, else why not. */
    String problemWith(String target, JsonNode observed, Variables variables) {
        int status = observed.path("status").asInt();
        JsonNode body = observed.path("body");
        String type = body.path("__type").asText(null);
        String text = body.path("message").asText(body.path("Message").asText(null));
        String wanted = message == null ? null : variables.apply(message);
        boolean met =
                status == this.status
                        && (errorType == null ? type == null : errorType.equals(type))
                        && (wanted == null || wanted.equals(text))
                        && (messagePattern == null
                                || (text != null && messagePattern.matcher(text).matches()));
        return met
                ? null
                : "the case expects "
                        + target
                        + " to answer "
                        + describe(wanted)
                        + " but it answered HTTP "
                        + status
                        + (type == null ? "" : " " + type)
                        + (text == null ? "" : " \"" + text + "\"");
    }

    private String describe(String wanted) {
        return (errorType == null ? "HTTP 200" : "HTTP " + status + " " + errorType)
                + (wanted == null ? "" : " \"" + wanted + "\"")
                + (messagePattern == null ? "" : " matching /" + messagePattern + "/");
    }

    @Override
    public String toString() {
        return describe(message);
    }
}
