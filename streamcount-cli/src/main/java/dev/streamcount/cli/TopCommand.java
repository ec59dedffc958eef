package dev.streamcount.cli;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.config.DurationConverter;
import dev.streamcount.job.config.Durations;
import dev.streamcount.job.config.DynamoOptions;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.error.StreamCountException;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.job.top.TopTable;
import dev.streamcount.job.window.WindowCountTable;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            "Print the most frequent words: the list the job keeps in <table>Top (one read), else"
                    + " a",
            "scan of the whole table; with --window, of one window (its kept list, else a scan)."
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

    @Option(
            names = "--watch",
            description =
                    "Redraw the list in place every --interval, with each word's change since the"
                            + " last refresh, until Ctrl-C.")
    boolean watch;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "1s",
            description = "How often --watch refreshes (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
            names = "--iterations",
            defaultValue = "0",
            description = "With --watch: stop after this many refreshes (default: until Ctrl-C).")
    long iterations;

    @Override
    public Integer call() {
        JobConfig config = dynamo.applyTo(JobConfig.defaults());
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "-n must be at least 1, got " + n);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (window != null) {
            return window(out, config);
        }
        if (watch && interval.toMillis() < 100) {
            throw new ParameterException(
                    spec.commandLine(), "--interval must be at least 100ms, got " + interval);
        }
        // One client for each table, for every refresh.
        AwsSettings aws = AwsSettings.of(config);
        try (WordCountTable top = WordCountTable.open(aws, TopTable.of(config.table()));
                WordCountTable totals = WordCountTable.open(aws, config.table())) {
            return watch ? watch(out, top, totals) : once(out, top, totals);
        }
    }

    private int once(PrintWriter out, WordCountTable top, WordCountTable totals) {
        Read read = readAllTime(top, totals);
        print(out, read.counts(), n);
        PrintWriter err = spec.commandLine().getErr();
        err.println(read.source());
        err.flush();
        return 0;
    }

    /**
     * The top of one window: the job's kept list of it ({@code window#<start>} or {@code
     * window#latest} in {@code <table>Top}, one read) if it holds the top {@code n}; else a
     * filtered scan of the windowed table, saying why.
     */
    private int window(PrintWriter out, JobConfig config) {
        String table = windowTable != null ? windowTable : config.windowTable();
        Long start = window.equals("latest") ? null : parseStart(window);
        AwsSettings aws = AwsSettings.of(config);
        String name = start == null ? TopTable.LATEST_WINDOW : TopTable.window(start);
        PrintWriter err = spec.commandLine().getErr();
        try (WordCountTable access = WordCountTable.open(aws, table);
                WordCountTable top = WordCountTable.open(aws, TopTable.of(config.table()))) {
            Optional<TopTable.Kept> kept = kept(top, name);
            if (kept.isPresent() && kept.get().covers(n)) {
                TopTable.Kept list = kept.get();
                out.printf(
                        "window starting %s in %s (its top %d, kept by the job)%n",
                        Instant.ofEpochMilli(list.windowStart()), table, list.size());
                print(out, counts(list), n);
                err.printf(
                        "(the job's top %d of the window, checkpoint %d, written %s; one read of"
                                + " %s)%n",
                        list.size(), list.checkpoint(), list.updatedAt(), top.name());
                err.flush();
                return 0;
            }
            err.printf(
                    "%s: scanned %s%n",
                    kept.isPresent()
                            ? "-n " + n + " is more than the " + kept.get().size() + " words kept"
                            : "No kept list " + name + " in " + top.name(),
                    table);
            err.flush();
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

    /** List {@code name} of the job's top table, if there is one. */
    private static Optional<TopTable.Kept> kept(WordCountTable top, String name) {
        try {
            return top.request(c -> TopTable.get(c, top.name(), name));
        } catch (StreamCountException missing) {
            return Optional.empty(); // no top table: a job with --top-size 0, or an older one
        }
    }

    private static Map<String, Long> counts(TopTable.Kept list) {
        Map<String, Long> counts = new LinkedHashMap<>();
        list.words().forEach(w -> counts.put(w.word, w.count));
        return counts;
    }

    /** Redraws the list in place every interval, with each word's change, until Ctrl-C. */
    private int watch(PrintWriter out, WordCountTable top, WordCountTable totals) {
        Map<String, Long> before = null;
        for (long frame = 1; iterations == 0 || frame <= iterations; frame++) {
            Read read = readAllTime(top, totals);
            // Home and clear, then the frame: redrawn in place, as watch(1) does.
            out.print("\033[H\033[2J");
            out.printf(
                    "streamcount top -n %d, every %s (Ctrl-C to stop) %s%n%s%n%n",
                    n,
                    Durations.format(interval),
                    java.time.LocalTime.now().withNano(0),
                    read.source());
            printWithChanges(out, read.counts(), before, n);
            out.flush();
            before = read.counts();
            if (iterations == 0 || frame < iterations) {
                try {
                    Thread.sleep(
                            interval.toMillis()); // the refresh period, not a wait on a condition
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
        }
        return 0;
    }

    /** Counts most frequent first, and where they came from, in one line. */
    record Read(Map<String, Long> counts, String source) {}

    /**
     * The job's kept list ({@code <table>Top}, one read) if it holds the top {@code n}; else a scan
     * of the table, saying why.
     */
    private Read readAllTime(WordCountTable top, WordCountTable totals) {
        String topTable = top.name();
        Optional<TopTable.Kept> kept = kept(top, TopTable.ALL_TIME);
        if (kept.isPresent() && kept.get().covers(n)) {
            TopTable.Kept list = kept.get();
            return new Read(
                    counts(list),
                    String.format(
                            "(the job's top %d of checkpoint %d, written %s; one read of %s)",
                            list.size(), list.checkpoint(), list.updatedAt(), topTable));
        }
        String why =
                kept.isPresent()
                        ? "-n "
                                + n
                                + " is more than the "
                                + kept.get().size()
                                + " words the job keeps in "
                                + topTable
                                + ": scanned "
                                + totals.name()
                        : "No top list in "
                                + topTable
                                + " (a job with --top-size 0, or none yet): scanned "
                                + totals.name();
        return new Read(totals.scanAll(), why);
    }

    /** As {@link #print}, with each word's change since {@code before} (null: the first frame). */
    static void printWithChanges(
            PrintWriter out, Map<String, Long> counts, Map<String, Long> before, int n) {
        List<Map.Entry<String, Long>> top = ranked(counts, n);
        int width =
                top.stream().mapToInt(e -> TerminalText.safe(e.getKey()).length()).max().orElse(4);
        out.printf("%4s  %-" + width + "s  %12s  %8s%n", "rank", "word", "count", "change");
        int rank = 1;
        for (Map.Entry<String, Long> e : top) {
            Long was = before == null ? null : before.get(e.getKey());
            String change =
                    before == null
                            ? ""
                            : was == null
                                    ? "new"
                                    : e.getValue() > was
                                            ? String.format("+%,d", e.getValue() - was)
                                            : "";
            out.printf(
                    "%4d  %-" + width + "s  %,12d  %8s%n",
                    rank++,
                    TerminalText.safe(e.getKey()),
                    e.getValue(),
                    change);
        }
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

    private static List<Map.Entry<String, Long>> ranked(Map<String, Long> counts, int n) {
        return counts.entrySet().stream()
                .sorted(
                        Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                                .thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .toList();
    }

    /** Prints the {@code n} highest counts, ties by word, as a numbered table. */
    static void print(PrintWriter out, Map<String, Long> counts, int n) {
        List<Map.Entry<String, Long>> top = ranked(counts, n);
        int width =
                top.stream().mapToInt(e -> TerminalText.safe(e.getKey()).length()).max().orElse(4);
        out.printf("%4s  %-" + width + "s  %12s%n", "rank", "word", "count");
        int rank = 1;
        for (Map.Entry<String, Long> e : top) {
            out.printf(
                    "%4d  %-" + width + "s  %,12d%n",
                    rank++,
                    TerminalText.safe(e.getKey()),
                    e.getValue());
        }
        out.flush();
    }
}
