package dev.streamcount.cli;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.config.DurationConverter;
import dev.streamcount.job.config.Durations;
import dev.streamcount.job.config.DynamoOptions;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.job.window.WindowCountItem;
import dev.streamcount.job.window.WindowCountTable;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description =
                "Print a word's count per window (a job run with --window), one line per window"
                        + " with a bar, oldest first (one Query of the windowed table).")
class HistoryCommand implements Callable<Integer> {

    /** Windows without an item between two with one are shown as 0 up to this many lines. */
    static final int MAX_LINES = 1000;

    static final int BAR_WIDTH = 40;

    @Spec CommandSpec spec;

    @Mixin DynamoOptions dynamo = new DynamoOptions();

    @Option(
            names = "--window-table",
            description = "The windowed table (default: <table>ByWindow).")
    String windowTable;

    @Option(
            names = "--last",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "1h",
            description =
                    "Windows that started this long ago or later (default: ${DEFAULT-VALUE}).")
    Duration last;

    @Parameters(paramLabel = "WORD", description = "The word (lowercased like the job does).")
    String word;

    @Override
    public Integer call() {
        JobConfig config = dynamo.applyTo(JobConfig.defaults());
        String table = windowTable != null ? windowTable : config.windowTable();
        String w = word.toLowerCase(Locale.ROOT);
        long from = System.currentTimeMillis() - last.toMillis();
        try (WordCountTable access = WordCountTable.open(AwsSettings.of(config), table)) {
            List<WindowCountItem.Window> windows =
                    access.request(c -> WindowCountTable.history(c, table, w, from));
            print(spec.commandLine().getOut(), w, table, last, windows);
        }
        return 0;
    }

    /**
     * Prints one line per window from the first stored to the last, windows between them without an
     * item as 0, each with a bar scaled to the highest count.
     */
    static void print(
            PrintWriter out,
            String word,
            String table,
            Duration last,
            List<WindowCountItem.Window> windows) {
        if (windows.isEmpty()) {
            out.printf(
                    "'%s' has no counts in %s in the last %s%n",
                    TerminalText.safe(word), table, Durations.format(last));
            out.flush();
            return;
        }
        long size = windows.get(0).end() - windows.get(0).start();
        List<WindowCountItem.Window> lines = withEmptyWindows(windows, size);
        long max = windows.stream().mapToLong(WindowCountItem.Window::count).max().orElse(1);
        long total = windows.stream().mapToLong(WindowCountItem.Window::count).sum();
        out.printf(
                "'%s' per %s window in %s, last %s: %,d in %d windows%n",
                TerminalText.safe(word),
                Durations.format(Duration.ofMillis(size)),
                table,
                Durations.format(last),
                total,
                windows.size());
        out.printf("%-20s  %10s%n", "window start (UTC)", "count");
        for (WindowCountItem.Window win : lines) {
            int bar = (int) Math.round((double) BAR_WIDTH * win.count() / max);
            out.printf(
                    "%-20s  %,10d  %s%n",
                    Instant.ofEpochMilli(win.start()).toString(),
                    win.count(),
                    "█".repeat(bar == 0 && win.count() > 0 ? 1 : bar));
        }
        out.flush();
    }

    /** {@code windows} with the windows between them that hold nothing, while few enough. */
    static List<WindowCountItem.Window> withEmptyWindows(
            List<WindowCountItem.Window> windows, long size) {
        long first = windows.get(0).start();
        long span = windows.get(windows.size() - 1).start() - first;
        if (size <= 0 || span / size + 1 > MAX_LINES) {
            return windows;
        }
        List<WindowCountItem.Window> lines = new ArrayList<>();
        int next = 0;
        for (long start = first; start <= first + span; start += size) {
            if (next < windows.size() && windows.get(next).start() == start) {
                lines.add(windows.get(next++));
            } else {
                lines.add(
                        new WindowCountItem.Window(windows.get(0).word(), start, start + size, 0));
            }
        }
        return lines;
    }
}
