package dev.streamcount.cli;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.config.DynamoOptions;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.sink.WordCountTable;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
        description = "Print the most frequent words (scans the whole table).")
class TopCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DynamoOptions dynamo = new DynamoOptions();

    @Option(
            names = {"-n", "--number"},
            description = "How many words (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int n;

    @Override
    public Integer call() {
        JobConfig config = dynamo.applyTo(JobConfig.defaults());
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "-n must be at least 1, got " + n);
        }
        try (WordCountTable table = WordCountTable.open(AwsSettings.of(config), config.table())) {
            print(spec.commandLine().getOut(), table.scanAll(), n);
        }
        return 0;
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
