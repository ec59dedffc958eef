package dev.streamcount.job;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.config.JobOptions;
import dev.streamcount.job.config.ManagedFlinkProperties;
import dev.streamcount.job.error.ErrorHandler;
import dev.streamcount.job.error.StreamCountException;
import dev.streamcount.job.kafka.KafkaPreflight;
import dev.streamcount.job.kafka.KafkaRecordSource;
import dev.streamcount.job.line.FlinkLine;
import dev.streamcount.job.line.LineCheck;
import dev.streamcount.job.loopback.LoopbackFlink;
import dev.streamcount.job.sink.CountSink;
import dev.streamcount.job.sink.DynamoDbClientProvider;
import dev.streamcount.job.sink.ExactlyOnceDynamoDbSink;
import dev.streamcount.job.sink.KafkaDeadLetterSink;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.job.top.TopSink;
import dev.streamcount.job.top.TopTable;
import dev.streamcount.job.window.WindowCountItem;
import dev.streamcount.job.window.WindowCountTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The job's entry point: checks Kafka and DynamoDB, makes sure the table exists, and submits the
 * topology to whatever environment it runs in — a Flink cluster under {@code flink run}, Amazon
 * Managed Service for Apache Flink (settings from its runtime properties, {@link
 * ManagedFlinkProperties}), or a local MiniCluster when run from the {@code streamcount} CLI (as
 * {@code streamcount job}).
 */
@Command(
        name = "streamcount-job",
        mixinStandardHelpOptions = true,
        description = "Counts words from a Kafka topic into a DynamoDB table, exactly.")
public class StreamCountJob implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamCountJob.class);

    @Mixin JobOptions options = new JobOptions();

    /**
     * The cluster entry point. A failure prints one line on stderr through the same {@link
     * ErrorHandler} as the CLI (a bad flag: the message and the usage), then ends {@code main} with
     * an exception carrying that line, which {@code flink run} reports with its own trace and a
     * non-zero exit. Never calls System.exit: submitted through the REST API, this runs inside the
     * JobManager.
     */
    public static void main(String[] args) {
        LineCheck.mismatch(EnvironmentInformation.getVersion())
                .ifPresent(
                        why -> {
                            System.err.println("streamcount: " + why);
                            throw new JobNotStartedException(2, "streamcount: " + why);
                        });
        // Only picocli writes here, and only when the job does not start: buffer it, so the
        // exception can carry its first line.
        StringWriter err = new StringWriter();
        int exit = run(args, new PrintWriter(System.out, true), new PrintWriter(err, true));
        System.err.print(err);
        System.err.flush();
        if (exit != 0) {
            throw new JobNotStartedException(exit, err.toString().lines().findFirst().orElse(""));
        }
    }

    /** Parses {@code args} and runs the job: the exit code a CLI would return. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, ManagedFlinkProperties.FILE);
    }

    /**
     * As {@link #run(String[], PrintWriter, PrintWriter)}, with settings from Managed Service for
     * Apache Flink's runtime properties in {@code msfProperties} if that file exists.
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, Path msfProperties) {
        CommandLine cl = ErrorHandler.install(new CommandLine(new StreamCountJob()));
        cl.setOut(out);
        cl.setErr(err);
        String[] all;
        try {
            all = ManagedFlinkProperties.apply(msfProperties, cl.getCommandSpec(), args);
        } catch (StreamCountException e) {
            // Like an unknown flag: a usage error.
            err.println("streamcount: " + e.getMessage());
            return cl.getCommandSpec().exitCodeOnInvalidInput();
        }
        return cl.execute(all);
    }

    @Override
    public Integer call() throws Exception {
        JobConfig config = options.toConfig();
        StreamExecutionEnvironment env = LoopbackFlink.jobEnvironment();
        prepare(env, config);
        env.execute(name(config));
        return 0;
    }

    /**
     * Checks the services, ensures the table, and builds the job on {@code env}; the caller
     * executes.
     */
    public static void prepare(StreamExecutionEnvironment env, JobConfig config) {
        KafkaPreflight.check(config);
        AwsSettings aws = AwsSettings.resolve(config.dynamoDbEndpoint(), config.region());
        try (WordCountTable table = WordCountTable.open(aws, config.table())) {
            if (table.ensure()) {
                LOG.info("Created DynamoDB table {} at {}", config.table(), aws.describe());
            }
            if (config.windowing().enabled()
                    && table.request(c -> WindowCountTable.ensure(c, config.windowTable()))) {
                LOG.info("Created DynamoDB table {} at {}", config.windowTable(), aws.describe());
            }
            if (config.topSize() > 0
                    && table.request(
                            c ->
                                    TopTable.ensure(
                                            c,
                                            TopTable.of(config.table()),
                                            config.windowing().enabled()))) {
                LOG.info(
                        "Created DynamoDB table {} at {}",
                        TopTable.of(config.table()),
                        aws.describe());
            }
        }
        StreamCountTopology.configure(env, config);
        StreamCountTopology.build(
                env,
                KafkaRecordSource.of(config),
                config.flushInterval(),
                config.windowing(),
                config.topic(),
                sink(config, aws),
                windowSink(config, DynamoDbClientProvider.of(aws)),
                topSink(config, DynamoDbClientProvider.of(aws)),
                new KafkaDeadLetterSink(
                        config.bootstrapServers(),
                        config.deadLetterTopic(),
                        config.kafkaClient().properties()));
    }

    /** Starts the job without waiting for it; for the CLI's local modes. */
    public static JobClient start(StreamExecutionEnvironment env, JobConfig config)
            throws Exception {
        prepare(env, config);
        return env.executeAsync(name(config));
    }

    private static String name(JobConfig config) {
        return "streamcount " + config.topic() + " -> " + config.table();
    }

    static CountSink sink(JobConfig config, AwsSettings aws) {
        return switch (config.delivery()) {
            case EXACTLY_ONCE ->
                    new ExactlyOnceDynamoDbSink(
                            config.table(),
                            DynamoDbClientProvider.of(aws),
                            ExactlyOnceDynamoDbSink.DEFAULT_MAX_IN_FLIGHT,
                            config.commitBacklog());
            case AT_LEAST_ONCE -> FlinkLine.atLeastOnceSink(config.table(), aws, 1);
        };
    }

    /**
     * The per-window counts' sink: always exactly once, whatever {@code --delivery} says (a
     * window's count is written once per firing, and fenced like the totals); null with windows
     * off.
     */
    public static CountSink windowSink(JobConfig config, DynamoDbClientProvider clients) {
        if (!config.windowing().enabled()) {
            return null;
        }
        return ExactlyOnceDynamoDbSink.of(
                config.windowTable(),
                new WindowCountItem(config.windowing().size(), config.windowing().retention()),
                "dynamodb-windows",
                clients,
                ExactlyOnceDynamoDbSink.DEFAULT_MAX_IN_FLIGHT,
                config.commitBacklog());
    }

    /** The kept top list's sink, or null with {@code --top-size 0}. */
    public static TopSink topSink(JobConfig config, DynamoDbClientProvider clients) {
        return config.topSize() == 0
                ? null
                : new TopSink(TopTable.of(config.table()), config.topSize(), clients);
    }

    /** How {@code main} ends when the job did not start: the line already printed, once more. */
    static final class JobNotStartedException extends RuntimeException {
        JobNotStartedException(int exit, String line) {
            super(line.isEmpty() ? "streamcount-job failed (exit code " + exit + ")" : line);
        }
    }
}
