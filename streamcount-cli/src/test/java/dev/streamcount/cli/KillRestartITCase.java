package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.local.Ports;
import dev.streamcount.local.TextGenerator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code streamcount local} as a separate OS process, killed with SIGKILL at random moments and
 * restarted on the same data dir: it must resume from its last checkpoint, converge to the exact
 * counts, and never show a reader a count going down.
 */
class KillRestartITCase {

    private static final int KILLS = 5;
    private static final int LINES_PER_ROUND = 1_500;

    private LocalProcess local;

    @AfterEach
    void stopProcess() throws Exception {
        if (local != null) {
            local.close();
        }
    }

    /**
     * While one local runs, another on its data dir stops at once with one line naming the owner,
     * before touching Kafka's log or the store's files. (Each restart after a kill -9 below shows
     * the lock is never stale: the system releases it with the killed process.)
     */
    private static void secondLocalOnTheSameDataDirIsRefused(Path dir, long owner)
            throws Exception {
        try (LocalProcess second =
                LocalProcess.start(
                        dir.resolve("data"),
                        Ports.free(),
                        Ports.free(),
                        0,
                        dir.resolve("second.log"))) {
            assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).as("ended").isTrue();
            assertThat(second.process().exitValue()).as(second.log()).isEqualTo(1);
            assertThat(second.log().lines().filter(l -> l.startsWith("streamcount:")))
                    .as(second.log())
                    .containsExactly(
                            "streamcount: Data dir "
                                    + dir.resolve("data").toAbsolutePath()
                                    + " is in use by another streamcount local (pid "
                                    + owner
                                    + "): stop it first, or give this one another --data-dir");
        }
    }

    @Test
    void survivesRepeatedKill9WithExactCountsAndNoCountGoingDown(@TempDir Path dir)
            throws Exception {
        int kafkaPort = Ports.free();
        int dynamoPort = Ports.free();
        JobConfig config =
                JobConfig.defaults()
                        .withBootstrapServers("127.0.0.1:" + kafkaPort)
                        .withDynamoDbEndpoint(URI.create("http://127.0.0.1:" + dynamoPort));
        TextGenerator text = new TextGenerator(99, 2_000, 1.1);
        Random random = new Random(99);
        List<Long> resumeMillis = new ArrayList<>();
        int kills = 0;

        try (DynamoDbClient client = DynamoDbClients.sync(AwsSettings.of(config));
                MonotonicReader reader = new MonotonicReader(client, config.table())) {
            for (int round = 0; round <= KILLS; round++) {
                Path log = dir.resolve("round-" + round + ".log");
                long started = System.nanoTime();
                local =
                        LocalProcess.start(
                                dir.resolve("data"),
                                kafkaPort,
                                dynamoPort,
                                0,
                                log,
                                "--checkpoint-interval",
                                "300ms");
                Process process = local.process();
                String ready =
                        local.awaitLine(
                                round == 0 ? "Fresh start" : "Resumed from",
                                Duration.ofSeconds(90));
                resumeMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                System.out.println("round " + round + ": " + ready);
                if (round == 0) {
                    secondLocalOnTheSameDataDirIsRefused(dir, process.pid());
                }

                List<byte[]> lines = new ArrayList<>();
                for (int i = 0; i < LINES_PER_ROUND; i++)
                    lines.add(text.nextLine().getBytes(StandardCharsets.UTF_8));
                LocalServices.produce(config, lines); // every record acknowledged before any kill

                if (round < KILLS) {
                    // The fault: SIGKILL at a random moment while the job is counting and
                    // committing.
                    long at =
                            System.nanoTime()
                                    + TimeUnit.MILLISECONDS.toNanos(200 + random.nextInt(4_000));
                    while (System.nanoTime() < at && process.isAlive()) {
                        LockSupport.parkNanos(10_000_000);
                    }
                    assertThat(process.isAlive())
                            .as("still running before the kill; log:\n%s", Files.readString(log))
                            .isTrue();
                    new ProcessBuilder("kill", "-KILL", Long.toString(process.pid()))
                            .start()
                            .waitFor();
                    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
                    kills++;
                }
            }
            List<String> diffs =
                    TableMatch.await(
                            client, config.table(), text.expectedCounts(), Duration.ofSeconds(120));
            assertThat(diffs).as("after %d kills", kills).isEmpty();
            assertThat(LocalServices.sum(WordCountTable.scanAll(client, config.table())))
                    .isEqualTo(text.wordsGenerated());
            assertThat(kills).as("kills (else: test ineffective)").isEqualTo(KILLS);
            assertThat(reader.scans()).isGreaterThan(20);
            assertThat(reader.decreases()).as("no count ever went down across kills").isEmpty();
            System.out.println(
                    "kills survived: "
                            + kills
                            + "; start-to-resumed ms per start: "
                            + resumeMillis);
        }
    }
}
