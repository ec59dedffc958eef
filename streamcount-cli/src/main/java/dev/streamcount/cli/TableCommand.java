package dev.streamcount.cli;

import dev.streamcount.job.DynamoOptions;
import dev.streamcount.job.JobConfig;
import dev.streamcount.job.WordCountTable;
import java.io.PrintWriter;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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
        try (DynamoDbClient client = Dynamo.client(config)) {
            boolean created = WordCountTable.ensure(client, config.table());
            spec.commandLine()
                    .getOut()
                    .println(
                            (created ? "created table " : "table already exists: ")
                                    + config.table()
                                    + " (key word: S)");
        } catch (RuntimeException e) {
            throw Dynamo.explain(e, config);
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
        try (DynamoDbClient client = Dynamo.client(config)) {
            TableDescription t = client.describeTable(b -> b.tableName(config.table())).table();
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
        } catch (RuntimeException e) {
            throw Dynamo.explain(e, config);
        }
        return 0;
    }
}
