package dev.streamcount.cli;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.config.DynamoOptions;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.sink.WordCountTable;
import java.io.PrintWriter;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

@Command(
        name = "table",
        mixinStandardHelpOptions = true,
        description = "Create or describe the word-count table.",
        subcommandsRepeatable = false)
class TableCommand {

    @Spec CommandSpec spec;

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description =
                    "Create the table (PAY_PER_REQUEST, key word:S) if missing and wait until it is"
                            + " ACTIVE.")
    int create(@Mixin DynamoOptions dynamo) {
        JobConfig config = dynamo.applyTo(JobConfig.defaults());
        try (WordCountTable table = WordCountTable.open(AwsSettings.of(config), config.table())) {
            boolean created = table.ensure();
            spec.commandLine()
                    .getOut()
                    .println(
                            (created ? "created table " : "table already exists: ")
                                    + config.table()
                                    + " (key word: S)");
        }
        return 0;
    }

    @Command(
            name = "describe",
            mixinStandardHelpOptions = true,
            description = "Show the table's status, key and size.")
    int describe(@Mixin DynamoOptions dynamo) {
        JobConfig config = dynamo.applyTo(JobConfig.defaults());
        PrintWriter out = spec.commandLine().getOut();
        try (WordCountTable table = WordCountTable.open(AwsSettings.of(config), config.table())) {
            TableDescription t = table.describe();
            out.println("table:   " + t.tableName());
            out.println("status:  " + t.tableStatusAsString());
            out.println(
                    "key:     "
                            + t.keySchema().stream()
                                    .map(k -> k.attributeName() + " (" + k.keyTypeAsString() + ")")
                                    .collect(Collectors.joining(", ")));
            out.println(
                    "billing: "
                            + (t.billingModeSummary() == null
                                    ? "PROVISIONED"
                                    : t.billingModeSummary().billingModeAsString()));
            out.println("items:   " + t.itemCount() + " (approximate, as DynamoDB reports it)");
        }
        return 0;
    }
}
