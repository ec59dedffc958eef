package dev.streamcount.store.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs scenarios step by step against dynalite and the store in lockstep, so both hold the same
 * tables at every moment, and fails a scenario with every step whose answers differ.
 *
 * <p>With no store (the dynalite-only mode), it checks each step's expectation and records
 * dynalite's answers: the way to check the requests themselves and to read what the reference does.
 */
final class ScenarioRunner {

    /** Long enough for any answer but the 400 KB item's, which is cut in the middle. */
    private static final int PRETTY_LIMIT = 8000;

    private final RawDynamoClient reference;
    private final RawDynamoClient store;
    private final Path transcript;
    private final Path mismatches;
    private final AtomicInteger scenarios = new AtomicInteger();

    /**
     * @param reference dynalite
     * @param store the store, or null to record dynalite's answers only
     * @param reportDirectory where the transcript and the mismatch list are written (emptied here)
     */
    ScenarioRunner(RawDynamoClient reference, RawDynamoClient store, Path reportDirectory) {
        this.reference = reference;
        this.store = store;
        this.transcript = reportDirectory.resolve("transcript.md");
        this.mismatches = reportDirectory.resolve("mismatches.md");
        try {
            Files.createDirectories(reportDirectory);
            Files.writeString(
                    transcript,
                    "# Conformance transcript: dynalite"
                            + (store == null ? " only" : " vs the store")
                            + "\n\n");
            Files.writeString(mismatches, "# Mismatches: dynalite vs the store\n\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one scenario; throws an AssertionError describing every mismatch. */
    void run(Scenario scenario) {
        // Table names are handed out as scenarios run, so a later scenario's tables always sort
        // after an earlier one's (ListTables cases rely on that).
        String prefix = String.format("c%04d", scenarios.incrementAndGet());
        Map<String, String> values = new HashMap<>();
        values.put("P", prefix);
        values.put("T", prefix + "-t");
        for (int i = 2; i <= 5; i++) {
            values.put("T" + i, prefix + "-t" + i);
        }
        Variables variables = new Variables(values);

        StringBuilder log = new StringBuilder("## " + scenario.name() + "\n\n");
        List<String> failures = new ArrayList<>();
        List<Step> steps = scenario.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String request = step.describe(variables);
            JsonNode expected = step.observe(reference, variables);
            log.append("- step ")
                    .append(i + 1)
                    .append(": `")
                    .append(request)
                    .append("`\n  dynalite: `")
                    .append(Answers.shorten(Answers.text(expected)))
                    .append("`\n");
            String problem = step.referenceProblem(expected, variables);
            if (problem != null) {
                failures.add(
                        "step "
                                + (i + 1)
                                + ": "
                                + request
                                + "\n"
                                + problem
                                + "\ndynalite answered:\n"
                                + Answers.shorten(Answers.pretty(expected), PRETTY_LIMIT));
            }
            if (store == null) {
                continue;
            }
            JsonNode actual = step.observe(store, variables);
            String storeProblem = step.storeProblem(expected, actual, variables);
            if (storeProblem != null) {
                log.append("  store (DIFFERS): `")
                        .append(Answers.shorten(Answers.text(actual)))
                        .append("`\n");
                failures.add(
                        "step "
                                + (i + 1)
                                + ": "
                                + request
                                + "\n"
                                + storeProblem
                                + "\ndynalite answered:\n"
                                + Answers.shorten(Answers.pretty(expected), PRETTY_LIMIT)
                                + "\nthe store answered:\n"
                                + Answers.shorten(Answers.pretty(actual), PRETTY_LIMIT)
                                + "\ndifferences:\n  "
                                + String.join("\n  ", Answers.diff(expected, actual)));
            }
        }
        append(transcript, log.append('\n').toString());
        if (!failures.isEmpty()) {
            String message =
                    "Scenario \""
                            + scenario.name()
                            + "\" ("
                            + prefix
                            + "): "
                            + failures.size()
                            + " of "
                            + steps.size()
                            + " steps failed\n\n--- "
                            + String.join("\n\n--- ", failures);
            append(mismatches, "## " + scenario.name() + "\n\n```\n" + message + "\n```\n\n");
            throw new AssertionError(message);
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
