package dev.streamcount.cli;

import dev.streamcount.job.StreamCountJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code streamcount}: exact running word counts from Kafka into DynamoDB, on Flink. */
@Command(
        name = "streamcount",
        mixinStandardHelpOptions = true,
        version = "streamcount 0.1.0",
        description = "Exact running word counts from Kafka into DynamoDB, on Apache Flink.",
        subcommands = {
            DemoCommand.class,
            BenchCommand.class,
            LocalCommand.class,
            ProduceCommand.class,
            GetCommand.class,
            TopCommand.class,
            TableCommand.class,
            CommandLine.HelpCommand.class
        })
public class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree with streamcount's error handling, for {@code main} and for tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // The cluster entry point, unchanged: `streamcount job` is what `flink run` runs.
        cl.addSubcommand("job", new StreamCountJob());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }
}
