package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.local.Ports;
import dev.streamcount.local.TextGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The cluster jar, unchanged, on a real standalone session cluster (1 JobManager, 2 TaskManagers,
 * each its own JVM), fed from embedded Kafka into the store. One TaskManager is killed with SIGKILL
 * mid-run and a replacement started: the counts end exact and never went down. The first write of
 * the first attempt is held on its way to DynamoDB ({@link HoldingProxy}) through all of it and
 * lands last, after newer totals: DynamoDB refuses it, and nothing goes down.
 */
class StandaloneClusterITCase {

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    @Test
    void countsExactlyThroughATaskManagerKill9(@TempDir Path dir) throws Exception {
        JobConfig config = SERVICES.newConfig().withCheckpointInterval(Duration.ofMillis(500));
        TextGenerator text = new TextGenerator(61, 3_000, 1.1);
        LocalServices.produce(config, text, 40_000);

        try (StandaloneCluster cluster = new StandaloneCluster(dir, Ports.free(), Ports.free());
                HoldingProxy proxy = new HoldingProxy(config.dynamoDbEndpoint());
                DynamoDbClient client = SERVICES.dynamoClient(config);
                MonotonicReader reader = new MonotonicReader(client, config.table())) {
            long t0 = System.nanoTime();
            cluster.startJobManager();
            cluster.startTaskManager("tm-1");
            cluster.startTaskManager("tm-2");
            await(
                    () -> overviewHas(cluster, "\"taskmanagers\":2"),
                    Duration.ofSeconds(90),
                    "2 TaskManagers registered",
                    cluster);
            long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(cluster.get("/config").replace(" ", ""))
                    .as("the cluster runs the Flink of this build's line")
                    .contains("\"flink-version\":\"" + System.getProperty("flink.version") + "\"");

            String jarId = cluster.uploadJar(Path.of(System.getProperty("job.jar")));
            String jobId =
                    cluster.run(
                            jarId,
                            2,
                            List.of(
                                    "--bootstrap-servers", config.bootstrapServers(),
                                    "--topic", config.topic(),
                                    "--group-id", config.groupId(),
                                    "--table", config.table(),
                                    "--dynamodb-endpoint", proxy.endpoint().toString(),
                                    "--checkpoint-interval", "500ms"));
            await(() -> cluster.allRunning(jobId), Duration.ofSeconds(90), "job running", cluster);
            assertThat(
                            TableMatch.await(
                                    client,
                                    config.table(),
                                    text.expectedCounts(),
                                    Duration.ofSeconds(120)))
                    .isEmpty();
            await(
                    () -> cluster.completedCheckpoints(jobId) >= 1,
                    Duration.ofSeconds(60),
                    "a completed checkpoint",
                    cluster);
            var memory = cluster.rssMiB();
            assertThat(proxy.holds())
                    .as("a write of the first attempt is held on its way")
                    .isTrue();

            // More input, then the fault: one TaskManager dies mid-run; a replacement joins.
            LocalServices.produce(config, text, 40_000);
            cluster.kill9("tm-1");
            long killed = System.nanoTime();
            cluster.startTaskManager("tm-3");
            await(
                    () -> !cluster.allRunning(jobId),
                    Duration.ofSeconds(60),
                    "the job noticed the lost TaskManager",
                    cluster);
            await(
                    () -> cluster.allRunning(jobId),
                    Duration.ofSeconds(120),
                    "job running again",
                    cluster);
            long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

            LocalServices.produce(config, text, 20_000);
            assertThat(
                            TableMatch.await(
                                    client,
                                    config.table(),
                                    text.expectedCounts(),
                                    Duration.ofSeconds(120)))
                    .isEmpty();
            assertThat(LocalServices.sum(WordCountTable.scanAll(client, config.table())))
                    .isEqualTo(text.wordsGenerated());
            assertThat(reader.decreases()).as("no count ever went down").isEmpty();

            // The write of the dead attempt lands now, after newer totals: the fence refuses it.
            long scans = reader.scans();
            proxy.release();
            await(
                    () ->
                            proxy.lateResponse().contains("ConditionalCheckFailed")
                                    || proxy.lateResponse().contains(" 200 OK"),
                    Duration.ofSeconds(60),
                    "DynamoDB answered the late write",
                    cluster);
            assertThat(proxy.lateResponse())
                    .as("the late write carried older totals and the fence refused them")
                    .contains("ConditionalCheckFailed");
            await(
                    () -> reader.scans() >= scans + 2,
                    Duration.ofSeconds(60),
                    "the reader scanned after the late write",
                    cluster);
            assertThat(
                            TableMatch.differences(
                                    text.expectedCounts(),
                                    WordCountTable.scanAll(client, config.table())))
                    .as("table vs expected, after the late write")
                    .isEmpty();
            assertThat(reader.decreases()).as("no count went down, after").isEmpty();
            System.out.printf(
                    "cluster started in %d ms; running again %d ms after kill -9; RSS MiB %s%n",
                    startMillis, recoveryMillis, memory);
            cluster.cancel(jobId);
        }
    }

    private static boolean overviewHas(StandaloneCluster cluster, String text) {
        try {
            return cluster.get("/overview").replace(" ", "").contains(text);
        } catch (Exception e) {
            return false; // not up yet
        }
    }

    private interface Check {
        boolean test() throws Exception;
    }

    private static void await(Check check, Duration timeout, String what, StandaloneCluster cluster)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean ok;
            try {
                ok = check.test();
            } catch (Exception e) {
                ok = false;
            }
            if (ok) return;
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after "
                                + timeout.toSeconds()
                                + "s waiting for: "
                                + what
                                + "\n--- jobmanager log\n"
                                + cluster.logTail("jobmanager"));
            }
            LockSupport.parkNanos(100_000_000);
        }
    }
}
