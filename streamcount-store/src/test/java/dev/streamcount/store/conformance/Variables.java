package dev.streamcount.store.conformance;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of a scenario's requests: {@code ${T}}, {@code ${T2}}, ... for its tables'
 * names, {@code ${P}} for a prefix unique to the scenario, and {@code ${a*N}} for N letters 'a'
 * (large items). Both targets get the same substitution, so table names in error messages match.
 */
final class Variables {

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\$\\{([A-Za-z0-9]+)(?:\\*(\\d+))?}");

    private final Map<String, String> values;

    Variables(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    String apply(String template) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(2) != null) {
                replacement = matcher.group(1).repeat(Integer.parseInt(matcher.group(2)));
            } else {
                replacement = values.get(matcher.group(1));
                if (replacement == null) {
                    throw new IllegalArgumentException(
                            "Unknown placeholder ${" + matcher.group(1) + "} in " + template);
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
