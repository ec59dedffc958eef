package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.line.FlinkLine;
import dev.streamcount.local.TextGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Makes the savepoint {@link SavepointAcrossLinesITCase} restores, on the Flink 1.20 build only;
 * not part of {@code mvn verify}:
 *
 * <pre>
 * mvn -B install -DskipTests
 * mvn -B verify -pl streamcount-cli -Dit.test=Flink120SavepointRun -Dtest=NoSuch \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class Flink120SavepointRun {

    @RegisterExtension static final MiniClusterExtension FLINK = LocalServices.miniCluster(2);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    @Test
    void takeTheSavepoint() throws Exception {
        assertThat(FlinkLine.NAME).as("the savepoint of the 1.20 build").isEqualTo("flink-1.20");
        JobConfig config = SavepointAcrossLinesITCase.config(SERVICES, "Flink120Savepoint");
        TextGenerator text = SavepointAcrossLinesITCase.text();
        LocalServices.produce(config, text, SavepointAcrossLinesITCase.BEFORE);
        JobClient job = SavepointAcrossLinesITCase.start(config, null);
        try (DynamoDbClient client = SERVICES.dynamoClient(config)) {
            assertThat(
                            TableMatch.await(
                                    client,
                                    config.table(),
                                    text.expectedCounts(),
                                    Duration.ofSeconds(120)))
                    .isEmpty();
        }
        Path target = Path.of("src/test/resources", SavepointAcrossLinesITCase.RESOURCE);
        // Small state is kept inside _metadata with the path it would have had as a file: a plain
        // temporary directory, not one under this checkout, is what the stored file then names.
        Path taken = Files.createTempDirectory(Path.of("/tmp"), "streamcount-savepoint");
        String path =
                job.stopWithSavepoint(
                                false, taken.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);
        Path dir = Path.of(java.net.URI.create(path));
        Files.createDirectories(target);
        try (Stream<Path> old = Files.list(target)) {
            for (Path f : old.toList()) {
                Files.delete(f);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName().toString()));
            }
        }
        System.out.println("Savepoint of " + FlinkLine.NAME + " in " + target.toAbsolutePath());
    }
}
