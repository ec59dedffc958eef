package dev.streamcount.cli;

import dev.streamcount.cli.bench.BenchCommand;
import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.error.ErrorHandler;
import dev.streamcount.local.EmbeddedDynamoDb;
import dev.streamcount.local.PortInUseException;
import java.util.Map;
import org.apache.flink.runtime.util.EnvironmentInformation;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code streamcount}: exact running word counts from Kafka into DynamoDB, on Flink. */
@Command(
        name = "streamcount",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Exact running word counts from Kafka into DynamoDB, on Apache Flink.",
        subcommands = {
            DemoCommand.class,
            BenchCommand.class,
            LocalCommand.class,
            ProduceCommand.class,
            GetCommand.class,
            TopCommand.class,
            HistoryCommand.class,
            TableCommand.class,
            DynamoDbCommand.class,
            CommandLine.HelpCommand.class
        })
public class Main {

    /** Which flag moves each local service to another port. */
    private static final Map<String, String> PORT_FLAGS =
            Map.of(
                    "Kafka",
                    "--kafka-port",
                    EmbeddedDynamoDb.NAME,
                    "--dynamodb-port",
                    "Flink web UI",
                    "--web-port");

    /** The error path, with what only the CLI knows: which flag moves a port. */
    static final ErrorHandler ERRORS = new ErrorHandler(Main::describePortInUse);

    /** {@code --version}: streamcount's and the Flink it runs on (the line it was built for). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "streamcount 0.1.0 on Flink " + EnvironmentInformation.getVersion()
            };
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree with streamcount's error handling, for {@code main} and for tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // The cluster entry point, unchanged: `streamcount job` is what `flink run` runs.
        cl.addSubcommand(new CommandLine(new StreamCountJob()).setCommandName("job"));
        cl.setExecutionExceptionHandler(ERRORS);
        return cl;
    }

    private static String describePortInUse(Throwable t) {
        if (t instanceof PortInUseException p) {
            String flag = PORT_FLAGS.get(p.service());
            return p.getMessage() + (flag == null ? "" : " (change it with " + flag + ")");
        }
        return null;
    }
}
