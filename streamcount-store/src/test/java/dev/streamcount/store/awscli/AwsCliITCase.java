package dev.streamcount.store.awscli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcount.store.StoreServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorial's aws-cli commands, verbatim but for the endpoint, against the store: Debian's
 * {@code awscli} (aws-cli v2, Python) is a DynamoDB client written by neither side, with its own
 * request serialization and response parsing (it checks {@code x-amz-crc32} too). Every expected
 * answer below is written from DynamoDB's documentation of the command, not from the store.
 */
class AwsCliITCase {
    /** Debian's package; another {@code aws} may come first on the PATH (pyenv's shim here). */
    private static final Path AWS = Path.of("/usr/bin/aws");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path home;
    private StoreServer store;

    /** A store of its own for each test, so each starts with no tables. */
    @BeforeEach
    void start() {
        assertThat(AWS)
                .as("Debian's aws-cli at %s (apt-get install awscli; .ci/run does)", AWS)
                .isExecutable();
        store = StoreServer.start(0);
    }

    @AfterEach
    void stop() {
        if (store != null) store.close();
    }

    /** What one aws-cli run printed, and its exit code. */
    private record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            assertThat(exit).as("exit code; stderr: %s", err).isZero();
            return JSON.readTree(out);
        }
    }

    /** {@code aws dynamodb <args> --endpoint-url <store>} with the README's dummy credentials. */
    private Run aws(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(AWS.toString(), "dynamodb"));
        cmd.addAll(List.of(args));
        cmd.addAll(
                List.of("--endpoint-url", "http://localhost:" + store.port(), "--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_DEFAULT_REGION", "region");
        env.put("AWS_ACCESS_KEY_ID", "id");
        env.put("AWS_SECRET_ACCESS_KEY", "key");
        env.put("AWS_PAGER", "");
        // No profile or config of the machine's user is read.
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        Path out = Files.createTempFile(home, "out", ".json");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("aws %s ended", List.of(args)).isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theTutorialsCommandsWork() throws Exception {
        assertThat(aws("list-tables").json().get("TableNames")).isEmpty();

        JsonNode created =
                aws(
                                "create-table",
                                "--table-name",
                                "WordCounts",
                                "--attribute-definitions",
                                "AttributeName=word,AttributeType=S",
                                "--key-schema",
                                "AttributeName=word,KeyType=HASH",
                                "--provisioned-throughput",
                                "ReadCapacityUnits=5,WriteCapacityUnits=5")
                        .json()
                        .get("TableDescription");
        assertThat(created.get("TableName").asText()).isEqualTo("WordCounts");
        assertThat(created.get("KeySchema"))
                .isEqualTo(JSON.readTree("[{\"AttributeName\":\"word\",\"KeyType\":\"HASH\"}]"));
        assertThat(created.at("/ProvisionedThroughput/WriteCapacityUnits").asLong()).isEqualTo(5);
        assertThat(aws("list-tables").json().get("TableNames"))
                .isEqualTo(JSON.readTree("[\"WordCounts\"]"));
        assertThat(
                        aws("describe-table", "--table-name", "WordCounts")
                                .json()
                                .at("/Table/TableStatus")
                                .asText())
                .isEqualTo("ACTIVE");

        for (String[] wc : new String[][] {{"hello", "3"}, {"world", "2"}, {"again", "1"}}) {
            aws(
                            "put-item",
                            "--table-name",
                            "WordCounts",
                            "--item",
                            "{\"word\": {\"S\": \""
                                    + wc[0]
                                    + "\"}, \"count\": {\"N\": \""
                                    + wc[1]
                                    + "\"}}")
                    .json();
        }
        // The tutorial's get-item, verbatim.
        JsonNode item =
                aws(
                                "get-item",
                                "--table-name",
                                "WordCounts",
                                "--key",
                                "{\"word\": {\"S\": \"hello\"}}")
                        .json();
        assertThat(item)
                .isEqualTo(
                        JSON.readTree(
                                "{\"Item\":{\"word\":{\"S\":\"hello\"},\"count\":{\"N\":\"3\"}}}"));
        JsonNode scan = aws("scan", "--table-name", "WordCounts").json();
        assertThat(scan.get("Count").asInt()).isEqualTo(3);
        assertThat(scan.get("ScannedCount").asInt()).isEqualTo(3);
        // aws-cli pages a scan itself: one item a page, three requests, the same three items.
        JsonNode paged = aws("scan", "--table-name", "WordCounts", "--page-size", "1").json();
        assertThat(paged.get("Items")).hasSize(3);

        // A missing item: an empty answer, exit 0.
        assertThat(
                        aws(
                                        "get-item",
                                        "--table-name",
                                        "WordCounts",
                                        "--key",
                                        "{\"word\": {\"S\": \"absent\"}}")
                                .json()
                                .has("Item"))
                .isFalse();
        // A missing table: DynamoDB's error, as aws-cli prints it, and exit code 254.
        Run missing =
                aws("get-item", "--table-name", "Nope", "--key", "{\"word\": {\"S\": \"hello\"}}");
        assertThat(missing.exit()).isEqualTo(254);
        assertThat(missing.err())
                .contains(
                        "An error occurred (ResourceNotFoundException) when calling the GetItem"
                                + " operation: Requested resource not found");
    }

    @Test
    void theWindowTablesQueryWorks() throws Exception {
        aws(
                        "create-table",
                        "--table-name",
                        "WordCountsByWindow",
                        "--attribute-definitions",
                        "AttributeName=word,AttributeType=S",
                        "AttributeName=window_start,AttributeType=N",
                        "--key-schema",
                        "AttributeName=word,KeyType=HASH",
                        "AttributeName=window_start,KeyType=RANGE",
                        "--billing-mode",
                        "PAY_PER_REQUEST")
                .json();
        long[][] windows = {{1796574000000L, 4}, {1796574005000L, 1}, {1796573995000L, 7}};
        for (long[] w : windows) {
            aws(
                            "put-item",
                            "--table-name",
                            "WordCountsByWindow",
                            "--item",
                            "{\"word\": {\"S\": \"hello\"}, \"window_start\": {\"N\": \""
                                    + w[0]
                                    + "\"}, \"count\": {\"N\": \""
                                    + w[1]
                                    + "\"}}")
                    .json();
        }
        // The README's query, verbatim: the two windows from :from on, oldest first.
        JsonNode query =
                aws(
                                "query",
                                "--table-name",
                                "WordCountsByWindow",
                                "--key-condition-expression",
                                "word = :w AND window_start >= :from",
                                "--expression-attribute-values",
                                "{\":w\": {\"S\": \"hello\"}, \":from\": {\"N\":"
                                        + " \"1796574000000\"}}")
                        .json();
        assertThat(query.get("Count").asInt()).isEqualTo(2);
        List<String> starts = new ArrayList<>();
        query.get("Items").forEach(i -> starts.add(i.at("/window_start/N").asText()));
        assertThat(starts).containsExactly("1796574000000", "1796574005000");

        JsonNode deleted = aws("delete-table", "--table-name", "WordCountsByWindow").json();
        assertThat(deleted.at("/TableDescription/TableName").asText())
                .isEqualTo("WordCountsByWindow");
    }
}
