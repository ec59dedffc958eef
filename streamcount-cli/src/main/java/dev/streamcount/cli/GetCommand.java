package dev.streamcount.cli;

import dev.streamcount.job.DynamoOptions;
import dev.streamcount.job.JobConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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
        try (DynamoDbClient client = Dynamo.client(config)) {
            for (String w : words) {
                String word = w.toLowerCase(Locale.ROOT);
                out.println(word + "\t" + CountTable.get(client, config.table(), word));
            }
        } catch (RuntimeException e) {
            throw Dynamo.explain(e, config);
        }
        return 0;
    }
}
