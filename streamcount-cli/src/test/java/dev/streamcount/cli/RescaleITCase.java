package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.local.TextGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Stop with a savepoint at parallelism 2, resume at 1, stop again, resume at 3: exact counts, on
 * both state backends. Before each resume the records already counted are deleted from Kafka, so
 * only a job that really restored its totals from the savepoint can reach the expected counts.
 */
class RescaleITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = LocalServices.miniCluster(3);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    @ParameterizedTest
    @EnumSource(JobConfig.StateBackend.class)
    void rescalesFrom2To1To3ThroughSavepoints(
            JobConfig.StateBackend backend, @TempDir Path savepoints) throws Exception {
        JobConfig base = SERVICES.newConfig().withStateBackend(backend);
        TextGenerator text = new TextGenerator(77, 3_000, 1.1);
        String savepoint = null;
        try (DynamoDbClient client = SERVICES.dynamoClient(base)) {
            for (int parallelism : new int[] {2, 1, 3}) {
                if (savepoint != null) {
                    SERVICES.deleteEverythingProducedSoFar(base);
                }
                LocalServices.produce(base, text, 20_000);
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment();
                if (savepoint != null) {
                    Configuration restore = new Configuration();
                    restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
                    env.configure(restore);
                }
                JobClient job = StreamCountJob.start(env, base.withParallelism(parallelism));
                assertThat(
                                TableMatch.await(
                                        client,
                                        base.table(),
                                        text.expectedCounts(),
                                        Duration.ofSeconds(120)))
                        .as("at parallelism %d on %s", parallelism, backend)
                        .isEmpty();
                savepoint =
                        job.stopWithSavepoint(
                                        false,
                                        savepoints.toUri().toString(),
                                        SavepointFormatType.CANONICAL)
                                .get(60, TimeUnit.SECONDS);
            }
        }
    }
}
