package dev.streamcount.cli;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.config.DynamoOptions;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.job.window.WindowCountTable;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "top",
        mixinStandardHelpOptions = true,
        description = {
            "Print the most frequent words (scans the whole table); with --window, of one window",
            "(scans the windowed table)."
        })
class TopCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DynamoOptions dynamo = new DynamoOptions();

    @Option(
            names = {"-n", "--number"},
            description = "How many words (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int n;

    @Option(
            names = "--window",
            paramLabel = "latest|START",
            description =
                    "The words of one window of a job run with --window: 'latest' (the newest that"
                            + " has ended), or its start as epoch milliseconds or an ISO-8601"
                            + " instant such as 2026-12-06T17:00:00Z.")
    String window;

    @Option(
            names = "--window-table",
            description = "The windowed table (default: <table>ByWindow).")
    String windowTable;

    @Override
    public Integer call() {
        JobConfig config = dynamo.applyTo(JobConfig.defaults());
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "-n must be at least 1, got " + n);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (window != null) {
            String table = windowTable != null ? windowTable : config.windowTable();
            Long start = window.equals("latest") ? null : parseStart(window);
            try (WordCountTable access = WordCountTable.open(AwsSettings.of(config), table)) {
                OptionalLong chosen =
                        start != null
                                ? OptionalLong.of(start)
                                : access.request(
                                        c ->
                                                WindowCountTable.latestEndedWindow(
                                                        c, table, System.currentTimeMillis()));
                if (chosen.isEmpty()) {
                    out.println("No window has ended yet in " + table);
                    out.flush();
                    return 0;
                }
                Map<String, Long> counts =
                        access.request(c -> WindowCountTable.window(c, table, chosen.getAsLong()));
                out.printf(
                        "window starting %s in %s (%,d words)%n",
                        Instant.ofEpochMilli(chosen.getAsLong()), table, counts.size());
                print(out, counts, n);
            }
            return 0;
        }
        try (WordCountTable table = WordCountTable.open(AwsSettings.of(config), config.table())) {
            print(out, table.scanAll(), n);
        }
        return 0;
    }

    private long parseStart(String value) {
        try {
            return value.chars().allMatch(Character::isDigit)
                    ? Long.parseLong(value)
                    : Instant.parse(value).toEpochMilli();
        } catch (RuntimeException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--window takes 'latest', epoch milliseconds or an ISO-8601 instant such as"
                            + " 2026-12-06T17:00:00Z, got '"
                            + value
                            + "'");
        }
    }

    /** Prints the {@code n} highest counts, ties by word, as a numbered table. */
    static void print(PrintWriter out, Map<String, Long> counts, int n) {
        List<Map.Entry<String, Long>> top =
                counts.entrySet().stream()
                        .sorted(
                                Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                                        .thenComparing(Map.Entry.comparingByKey()))
                        .limit(n)
                        .toList();
        int width = top.stream().mapToInt(e -> e.getKey().length()).max().orElse(4);
        out.printf("%4s  %-" + width + "s  %12s%n", "rank", "word", "count");
        int rank = 1;
        for (Map.Entry<String, Long> e : top) {
            out.printf("%4d  %-" + width + "s  %,12d%n", rank++, e.getKey(), e.getValue());
        }
        out.flush();
    }
}
