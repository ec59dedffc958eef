package dev.streamcount.store.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Pattern;

/** One constraint on a request field, with DynamoDB's wording of its violation. */
sealed interface Rule {
    /** Whether {@code value} (never null, except for {@link NotNull}) satisfies the rule. */
    boolean holds(JsonNode value);

    /** DynamoDB's text for a violation: {@code "Member must not be null"} and the like. */
    String constraint();

    /** The field must be present. */
    record NotNull() implements Rule {
        @Override
        public boolean holds(JsonNode value) {
            return value != null;
        }

        @Override
        public String constraint() {
            return "Member must not be null";
        }
    }

    /** A number at least {@code min}. */
    record Min(long min) implements Rule {
        @Override
        public boolean holds(JsonNode value) {
            return value.asLong() >= min;
        }

        @Override
        public String constraint() {
            return "Member must have value greater than or equal to " + min;
        }
    }

    /** A number at most {@code max}. */
    record Max(long max) implements Rule {
        @Override
        public boolean holds(JsonNode value) {
            return value.asLong() <= max;
        }

        @Override
        public String constraint() {
            return "Member must have value less than or equal to " + max;
        }
    }

    /**
     * A string matching {@code pattern} whole.
     *
     * @param compiled {@code pattern}, compiled once: every request checks its table name with it
     */
    record Matches(String pattern, Pattern compiled) implements Rule {
        Matches(String pattern) {
            this(pattern, Pattern.compile(pattern));
        }

        @Override
        public boolean holds(JsonNode value) {
            return compiled.matcher(value.asText()).matches();
        }

        @Override
        public String constraint() {
            return "Member must satisfy regular expression pattern: " + pattern;
        }
    }

    /** A string, list or map of at least {@code min} characters or members. */
    record MinLength(int min) implements Rule {
        @Override
        public boolean holds(JsonNode value) {
            return length(value) >= min;
        }

        @Override
        public String constraint() {
            return "Member must have length greater than or equal to " + min;
        }
    }

    /** A string, list or map of at most {@code max} characters or members. */
    record MaxLength(int max) implements Rule {
        @Override
        public boolean holds(JsonNode value) {
            return length(value) <= max;
        }

        @Override
        public String constraint() {
            return "Member must have length less than or equal to " + max;
        }
    }

    /** One of {@code values}. */
    record OneOf(List<String> values) implements Rule {
        @Override
        public boolean holds(JsonNode value) {
            return values.contains(value.asText());
        }

        @Override
        public String constraint() {
            return "Member must satisfy enum value set: [" + String.join(", ", values) + "]";
        }
    }

    /** Every key of a map satisfies {@code rules}. */
    record Keys(List<Rule> rules) implements Rule {
        @Override
        public boolean holds(JsonNode value) {
            for (var it = value.fieldNames(); it.hasNext(); ) {
                JsonNode key = com.fasterxml.jackson.databind.node.TextNode.valueOf(it.next());
                if (!rules.stream().allMatch(r -> r.holds(key))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String constraint() {
            return "Map keys must satisfy constraint: " + constraints(rules);
        }
    }

    /** Every value of a map satisfies {@code rules}. */
    record Values(List<Rule> rules) implements Rule {
        @Override
        public boolean holds(JsonNode value) {
            for (JsonNode member : value) {
                if (!rules.stream().allMatch(r -> r.holds(member))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String constraint() {
            return "Map value must satisfy constraint: " + constraints(rules);
        }
    }

    private static String constraints(List<Rule> rules) {
        StringBuilder text = new StringBuilder("[");
        for (Rule rule : rules) {
            if (text.length() > 1) {
                text.append(", ");
            }
            text.append(rule.constraint());
        }
        return text.append(']').toString();
    }

    private static int length(JsonNode value) {
        return value.isTextual() ? value.textValue().length() : value.size();
    }
}
