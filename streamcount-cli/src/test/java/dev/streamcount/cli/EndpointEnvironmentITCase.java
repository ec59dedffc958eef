package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.sink.WordCountItem;
import dev.streamcount.job.sink.WordCountTable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The AWS SDKs' endpoint variables as the default of {@code --dynamodb-endpoint}, through the
 * runnable jar as a separate process (a test cannot set its own JVM's environment), with no AWS
 * credentials in that environment.
 */
class EndpointEnvironmentITCase {

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    record Run(int exit, String out, String err) {}

    private static Run streamcount(Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) cmd.add(arg);
        }
        // Nothing in this test may ask the EC2 metadata service, which is off this machine.
        cmd.add("-Daws.disableEc2Metadata=true");
        cmd.add("-jar");
        cmd.add(Path.of("target", "streamcount.jar").toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("ended").isTrue();
        return new Run(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void getAndTopReadLocalThroughTheEndpointVariables() throws Exception {
        JobConfig c = SERVICES.newConfig();
        try (DynamoDbClient client = SERVICES.dynamoClient(c)) {
            WordCountTable.ensure(client, c.table());
            client.putItem(b -> b.tableName(c.table()).item(WordCountItem.of("hello", 5)));
        }
        String endpoint = c.dynamoDbEndpoint().toString();

        Run get =
                streamcount(
                        Map.of("AWS_ENDPOINT_URL_DYNAMODB", endpoint),
                        "get",
                        "hello",
                        "--table",
                        c.table());
        assertThat(get.exit()).as(get.toString()).isZero();
        assertThat(get.out()).isEqualTo("hello\t5\n");

        Run top = streamcount(Map.of("AWS_ENDPOINT_URL", endpoint), "top", "--table", c.table());
        assertThat(top.exit()).as(top.toString()).isZero();
        assertThat(top.out().lines())
                .containsExactly("rank  word          count", "   1  hello             5");
    }

    @Test
    void withoutAnEndpointOrCredentialsTheOneLineSaysHowToReachLocal() throws Exception {
        Run r = streamcount(Map.of(), "get", "hello");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().lines())
                .as(r.toString())
                .containsExactly(
                        "streamcount: No AWS credentials found for DynamoDB at AWS region"
                                + " us-east-1 (set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,"
                                + " AWS_PROFILE, or an instance role; for streamcount local, add"
                                + " --dynamodb-endpoint http://localhost:8000 or export"
                                + " AWS_ENDPOINT_URL_DYNAMODB=http://localhost:8000)");
    }

    /**
     * A profile that would run a command for credentials, selected by AWS_PROFILE: a local run
     * (loopback endpoint) must not read it. The command would leave a marker file. Before the fix
     * the profile was read and the marker written.
     */
    @Test
    void aLocalRunNeverReadsTheAwsProfile(@TempDir Path dir) throws Exception {
        JobConfig c = SERVICES.newConfig();
        try (DynamoDbClient client = SERVICES.dynamoClient(c)) {
            WordCountTable.ensure(client, c.table());
            client.putItem(b -> b.tableName(c.table()).item(WordCountItem.of("hello", 5)));
        }
        Path marker = dir.resolve("credential-process-ran");
        Path script = dir.resolve("credentials.sh");
        Files.writeString(
                script,
                "#!/bin/sh\n"
                        + "touch '"
                        + marker
                        + "'\n"
                        + "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDHOSTILE\","
                        + " \"SecretAccessKey\": \"hostile\"}'\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        Path config = dir.resolve("config");
        Files.writeString(
                config,
                "[profile hostile]\n"
                        + "credential_process = "
                        + script
                        + "\n"
                        + "role_arn = arn:aws:iam::123456789012:role/hostile\n"
                        + "credential_source = Ec2InstanceMetadata\n");
        Map<String, String> env =
                Map.of(
                        "AWS_PROFILE", "hostile",
                        "AWS_CONFIG_FILE", config.toString(),
                        "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("credentials").toString());

        Run get =
                streamcount(
                        env,
                        "get",
                        "hello",
                        "--table",
                        c.table(),
                        "--dynamodb-endpoint",
                        c.dynamoDbEndpoint().toString());

        assertThat(get.exit()).as(get.toString()).isZero();
        assertThat(get.out()).isEqualTo("hello\t5\n");
        assertThat(marker).as("the profile's credential_process ran").doesNotExist();
    }
}
