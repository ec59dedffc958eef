package dev.streamcount.job;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.sink.CountSink;
import dev.streamcount.job.sink.DynamoDbClientProvider;
import dev.streamcount.job.sink.ExactlyOnceDynamoDbSink;
import dev.streamcount.job.sink.OfficialDynamoDbSink;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The job's entry point: checks Kafka and DynamoDB, makes sure the table exists, and submits the
 * topology to whatever environment it runs in — a Flink cluster under {@code flink run}, or a local
 * MiniCluster when run from the {@code streamcount} CLI.
 */
@Command(
        name = "streamcount-job",
        mixinStandardHelpOptions = true,
        description = "Counts words from a Kafka topic into a DynamoDB table, exactly.")
public class StreamCountJob implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamCountJob.class);

    @Mixin JobOptions options = new JobOptions();

    /**
     * The cluster entry point. Never calls System.exit: submitted through the REST API, this runs
     * inside the JobManager. An error (already printed as one line) becomes an exception, which
     * {@code flink run} reports and turns into a non-zero exit.
     */
    public static void main(String[] args) {
        int exit = new CommandLine(new StreamCountJob()).execute(args);
        if (exit != 0) {
            throw new IllegalStateException(
                    "streamcount-job failed (exit code " + exit + "), see the message above");
        }
    }

    @Override
    public Integer call() throws Exception {
        JobConfig config = options.applyTo(JobConfig.defaults());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        prepare(env, config);
        env.execute("streamcount " + config.topic() + " -> " + config.table());
        return 0;
    }

    /**
     * Checks the services, ensures the table, and builds the job on {@code env}; the caller
     * executes.
     */
    public static void prepare(StreamExecutionEnvironment env, JobConfig config) {
        KafkaSources.checkTopic(config);
        KafkaSources.ensureDeadLetterTopic(config);
        AwsSettings aws = AwsSettings.resolve(config.dynamoDbEndpoint(), config.region());
        try (DynamoDbClient dynamo = DynamoDbClients.sync(aws)) {
            if (WordCountTable.ensure(dynamo, config.table())) {
                LOG.info("Created DynamoDB table {} at {}", config.table(), aws.describe());
            }
        } catch (SdkClientException e) {
            throw new StreamCountException(
                    "DynamoDB unreachable at " + aws.describe() + ": " + e.getMessage(), e);
        }
        StreamCountTopology.configure(env, config);
        StreamCountTopology.build(
                env,
                KafkaSources.source(config),
                config.flushInterval(),
                sink(config, aws),
                KafkaSources.deadLetterSink(config));
    }

    /** Starts the job without waiting for it; for the CLI's local modes. */
    public static JobClient start(StreamExecutionEnvironment env, JobConfig config)
            throws Exception {
        prepare(env, config);
        return env.executeAsync("streamcount " + config.topic() + " -> " + config.table());
    }

    static CountSink sink(JobConfig config, AwsSettings aws) {
        return switch (config.delivery()) {
            case EXACTLY_ONCE ->
                    new ExactlyOnceDynamoDbSink(config.table(), DynamoDbClientProvider.of(aws));
            case AT_LEAST_ONCE ->
                    new OfficialDynamoDbSink(config.table(), aws.connectorProperties());
        };
    }
}
