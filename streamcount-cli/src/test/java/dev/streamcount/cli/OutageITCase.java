package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.local.TextGenerator;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Outages of the services around the job: it waits them out and loses nothing. */
class OutageITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = LocalServices.miniCluster(2);

    /** The store keeps its tables in files here, so it can be stopped and started again. */
    @RegisterExtension static final LocalServices SERVICES = new LocalServices(true);

    private static final Duration CONVERGE = Duration.ofSeconds(150);

    @Test
    void dynamoDbDownFor30SecondsMidRun() throws Exception {
        JobConfig config = SERVICES.newConfig();
        TextGenerator text = new TextGenerator(31, 2_000, 1.1);
        ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
        try (DynamoDbClient client = SERVICES.dynamoClient(config);
                MonotonicReader reader = new MonotonicReader(client, config.table())) {
            JobClient job =
                    StreamCountJob.start(
                            StreamExecutionEnvironment.getExecutionEnvironment(), config);
            try {
                LocalServices.produce(config, text, 30_000);
                assertThat(
                                TableMatch.await(
                                        client, config.table(), text.expectedCounts(), CONVERGE))
                        .isEmpty();

                // The fault: the store stops; 30 s later it starts again on the same files.
                SERVICES.dynamo().stop();
                long failedBefore = reader.failedScans();
                ScheduledFuture<?> back =
                        faults.schedule(
                                () -> {
                                    SERVICES.dynamo().restart();
                                    return null;
                                },
                                30,
                                TimeUnit.SECONDS);
                LocalServices.produce(config, text, 30_000); // Kafka is up: input keeps coming
                back.get(60, TimeUnit.SECONDS);
                assertThat(reader.failedScans())
                        .as("DynamoDB was really unreachable (else: test ineffective)")
                        .isGreaterThan(failedBefore);

                assertThat(
                                TableMatch.await(
                                        client, config.table(), text.expectedCounts(), CONVERGE))
                        .isEmpty();
                assertThat(reader.decreases()).isEmpty();
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        } finally {
            faults.shutdownNow();
        }
    }

    @Test
    void kafkaBrokerRestartedMidRun() throws Exception {
        JobConfig config = SERVICES.newConfig();
        TextGenerator text = new TextGenerator(32, 2_000, 1.1);
        try (DynamoDbClient client = SERVICES.dynamoClient(config);
                MonotonicReader reader = new MonotonicReader(client, config.table())) {
            JobClient job =
                    StreamCountJob.start(
                            StreamExecutionEnvironment.getExecutionEnvironment(), config);
            try {
                LocalServices.produce(config, text, 30_000);
                assertThat(
                                TableMatch.await(
                                        client, config.table(), text.expectedCounts(), CONVERGE))
                        .isEmpty();

                // The fault: the broker stops and starts again on its log, same port.
                SERVICES.kafka().restart();
                LocalServices.produce(config, text, 30_000);

                assertThat(
                                TableMatch.await(
                                        client, config.table(), text.expectedCounts(), CONVERGE))
                        .isEmpty();
                assertThat(LocalServices.sum(WordCountTable.scanAll(client, config.table())))
                        .isEqualTo(text.wordsGenerated());
                assertThat(reader.decreases()).isEmpty();
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
    }
}
