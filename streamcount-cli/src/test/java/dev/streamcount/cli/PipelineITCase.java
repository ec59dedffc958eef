package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.sink.WordCountTable;
import dev.streamcount.local.TextGenerator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The whole pipeline on real embedded Kafka and the DynamoDB store, on a MiniCluster at parallelism
 * 2.
 */
class PipelineITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = LocalServices.miniCluster(2);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static final Duration CONVERGE = Duration.ofSeconds(120);

    @Test
    void tableEqualsAnIndependentCountAndKeepsGrowingWithNewInput() throws Exception {
        JobConfig config = SERVICES.newConfig();
        TextGenerator text = new TextGenerator(11, 10_000, 1.1);
        LocalServices.produce(config, text, 120_000);
        Map<String, Long> firstBatch = new HashMap<>(text.expectedCounts());

        try (DynamoDbClient client = SERVICES.dynamoClient(config)) {
            assertThatThrownBy(() -> client.describeTable(b -> b.tableName(config.table())))
                    .as("the table does not exist before the job starts")
                    .isInstanceOf(ResourceNotFoundException.class);

            JobClient job =
                    StreamCountJob.start(
                            StreamExecutionEnvironment.getExecutionEnvironment(), config);
            try (MonotonicReader reader = new MonotonicReader(client, config.table())) {
                assertThat(
                                client.describeTable(b -> b.tableName(config.table()))
                                        .table()
                                        .tableStatus())
                        .as("the job created the table")
                        .isEqualTo(TableStatus.ACTIVE);

                assertThat(TableMatch.await(client, config.table(), firstBatch, CONVERGE))
                        .isEmpty();

                // More input while the job runs: totals grow from where they were.
                LocalServices.produce(config, text, 40_000);
                Map<String, Long> both = text.expectedCounts();
                assertThat(both).isNotEqualTo(firstBatch);
                assertThat(TableMatch.await(client, config.table(), both, CONVERGE)).isEmpty();

                Map<String, Long> table = WordCountTable.scanAll(client, config.table());
                assertThat(LocalServices.sum(table)).isEqualTo(text.wordsGenerated());
                assertThat(reader.scans())
                        .as("the reader really read the table while it changed")
                        .isGreaterThan(5);
                assertThat(reader.decreases()).as("no count ever went down").isEmpty();
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void refusesATableWithAnotherKeySchema() {
        JobConfig config = SERVICES.newConfig().withTable("WrongKey");
        try (DynamoDbClient client = SERVICES.dynamoClient(config)) {
            client.createTable(
                    b ->
                            b.tableName("WrongKey")
                                    .billingMode("PAY_PER_REQUEST")
                                    .attributeDefinitions(
                                            AttributeDefinition.builder()
                                                    .attributeName("id")
                                                    .attributeType(ScalarAttributeType.N)
                                                    .build())
                                    .keySchema(
                                            KeySchemaElement.builder()
                                                    .attributeName("id")
                                                    .keyType(KeyType.HASH)
                                                    .build()));
        }
        assertThatThrownBy(
                        () ->
                                StreamCountJob.prepare(
                                        StreamExecutionEnvironment.getExecutionEnvironment(),
                                        config))
                .isInstanceOf(WordCountTable.SchemaMismatchException.class)
                .hasMessage(
                        "Table WrongKey has key schema [id (HASH, N)], expected [word (HASH, S)]:"
                                + " use another --table or delete this one");
    }
}
