package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.line.FlinkLine;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.local.TextGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A savepoint taken by the Flink 1.20 build, restored by the build under test: on the Flink 2.x
 * build, whether a 1.20 job's state moves to 2.x; on the 1.20 build, the control that the stored
 * savepoint is good. The savepoint ({@code src/test/resources/savepoints/flink-1.20}) was taken by
 * {@link Flink120SavepointRun} on the 1.20 build: the real job ({@link StreamCountJob#start})
 * counted {@value #BEFORE} generated words from a one-partition topic and stopped with a savepoint.
 *
 * <p>Here the same words go into a new broker's topic of that name and are deleted from it (as
 * retention would), then {@value #AFTER} more words follow; the job starts from the savepoint. It
 * must read from the savepoint's offset (Kafka offsets restored) and add to the totals it had
 * (keyed state restored): every word said after the savepoint ends at its count over both parts,
 * computed from the generator. A start without the savepoint counts the new part alone and fails
 * (run as a negative control).
 */
class SavepointAcrossLinesITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = LocalServices.miniCluster(2);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    /** The topic the savepoint's Kafka offsets belong to. */
    static final String TOPIC = "across-lines";

    static final long BEFORE = 3_000;
    static final long AFTER = 3_000;

    /** Where the Flink 1.20 savepoint is kept, under the module. */
    static final String RESOURCE = "savepoints/flink-1.20";

    @TempDir Path temp;

    /** The input of both parts: the same lines every time. */
    static TextGenerator text() {
        return new TextGenerator(120, 400, 1.1);
    }

    /** The one-partition topic of the savepoint, on these services. */
    static JobConfig config(LocalServices services, String table) {
        services.kafka().createTopic(TOPIC, 1);
        return services.newConfig().withTopic(TOPIC).withTable(table).withParallelism(2);
    }

    /** The job as {@code streamcount job} runs it, from {@code savepoint} if not null. */
    static JobClient start(JobConfig config, Path savepoint) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (savepoint != null) {
            Configuration restore = new Configuration();
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toUri().toString());
            env.configure(restore);
        }
        return StreamCountJob.start(env, config);
    }

    @Test
    void aFlink120SavepointGoesOnCountingOnThisLine() throws Exception {
        JobConfig config = config(SERVICES, "AcrossLines");
        TextGenerator text = text();
        long counted = LocalServices.produce(config, text, BEFORE);
        Map<String, Long> before = new HashMap<>(text.expectedCounts());
        // What the savepoint counted is gone from Kafka, as after retention: only restored totals
        // can reach the expected counts (a start without state would count the rest alone).
        try (Admin admin = SERVICES.kafka().admin()) {
            admin.deleteRecords(
                            Map.of(
                                    new TopicPartition(TOPIC, 0),
                                    RecordsToDelete.beforeOffset(counted)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        LocalServices.produce(config, text, AFTER);
        Map<String, Long> all = text.expectedCounts();
        Map<String, Long> saidAfter = new HashMap<>();
        all.forEach(
                (word, n) -> {
                    if (n > before.getOrDefault(word, 0L)) {
                        saidAfter.put(word, n);
                    }
                });
        assertThat(saidAfter.keySet())
                .as("words said on both sides of the savepoint: what a lost state would show")
                .anyMatch(w -> before.getOrDefault(w, 0L) > 0);

        JobClient job = start(config, copyOfSavepoint());
        try (DynamoDbClient client = SERVICES.dynamoClient(config)) {
            List<String> wrong = List.of("not scanned");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!wrong.isEmpty() && System.nanoTime() < deadline) {
                Map<String, Long> table = WordCountTable.scanAll(client, config.table());
                wrong =
                        Stream.concat(saidAfter.keySet().stream(), table.keySet().stream())
                                .distinct()
                                .filter(
                                        w ->
                                                !Objects.equals(
                                                        table.get(w),
                                                        expected(w, saidAfter, before)))
                                .map(
                                        w ->
                                                w
                                                        + ": table "
                                                        + table.get(w)
                                                        + ", expected "
                                                        + expected(w, saidAfter, before))
                                .toList();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
            }
            assertThat(wrong)
                    .as("the table after restoring the Flink 1.20 savepoint on " + FlinkLine.NAME)
                    .isEmpty();
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * A word said after the savepoint holds its count over both parts; any other word in the table
     * can only be a total the savepoint still had to write, its count before.
     */
    private static Long expected(
            String word, Map<String, Long> saidAfter, Map<String, Long> before) {
        return saidAfter.containsKey(word) ? saidAfter.get(word) : before.get(word);
    }

    private Path copyOfSavepoint() throws IOException, URISyntaxException {
        Path stored =
                Path.of(
                        Objects.requireNonNull(
                                        getClass().getClassLoader().getResource(RESOURCE),
                                        RESOURCE + " is not on the test classpath")
                                .toURI());
        Path copy = Files.createDirectories(temp.resolve("savepoint"));
        try (Stream<Path> files = Files.list(stored)) {
            files.forEach(
                    f -> {
                        try {
                            Files.copy(f, copy.resolve(f.getFileName().toString()));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        return copy;
    }
}
