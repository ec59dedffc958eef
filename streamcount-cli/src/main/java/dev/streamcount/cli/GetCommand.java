package dev.streamcount.cli;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.config.DynamoOptions;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.sink.WordCountTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description =
                "Print the count of each WORD (0 if it was never seen), one 'word<TAB>count' a"
                        + " line.")
class GetCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DynamoOptions dynamo = new DynamoOptions();

    @Parameters(
            paramLabel = "WORD",
            arity = "1..*",
            description = "Words to look up (lowercased like the job does).")
    List<String> words;

    @Override
    public Integer call() {
        JobConfig config = dynamo.applyTo(JobConfig.defaults());
        PrintWriter out = spec.commandLine().getOut();
        try (WordCountTable table = WordCountTable.open(AwsSettings.of(config), config.table())) {
            for (String w : words) {
                String word = w.toLowerCase(Locale.ROOT);
                out.println(TerminalText.safe(word) + "\t" + table.get(word));
            }
        }
        return 0;
    }
}
