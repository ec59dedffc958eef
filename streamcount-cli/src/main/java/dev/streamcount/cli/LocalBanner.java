package dev.streamcount.cli;

import dev.streamcount.job.aws.AwsEndpoints;
import dev.streamcount.job.config.Durations;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.local.EmbeddedDynamoDb;
import dev.streamcount.local.EmbeddedKafka;
import java.io.PrintWriter;

/**
 * What {@code local} prints at start: where everything is, and how to send text and read counts.
 */
final class LocalBanner {
    private LocalBanner() {}

    static void print(
            PrintWriter out,
            JobConfig c,
            EmbeddedKafka kafka,
            EmbeddedDynamoDb dynamo,
            int web,
            String dashboard) {
        String endpoint = dynamo.endpoint().toString();
        out.printf(
                "streamcount local: counting topic '%s' into table '%s'%n", c.topic(), c.table());
        out.printf("  Kafka           %s%n", kafka.bootstrapServers());
        out.printf(
                "  DynamoDB        %s  (streamcount-store; any access key and region see the"
                        + " same tables)%n",
                endpoint);
        out.printf("  Flink web UI    http://127.0.0.1:%d%n", web);
        if (dashboard != null) {
            out.printf("  Dashboard       %s%n", dashboard);
        }
        out.println();
        out.println("Send text (one record per line):");
        out.printf(
                "  ./streamcount produce --bootstrap-servers %s --topic %s FILE...%n",
                kafka.bootstrapServers(), c.topic());
        out.printf(
                "Skipped records and oversize words are reported in topic %s.%n",
                c.deadLetterTopic());
        out.println("Read counts (the export points streamcount here):");
        out.printf("  export %s=%s%n", AwsEndpoints.DYNAMODB_VARIABLE, endpoint);
        out.println("  ./streamcount get hello");
        out.println("  ./streamcount top -n 20");
        out.printf(
                "  AWS_DEFAULT_REGION=region AWS_ACCESS_KEY_ID=id AWS_SECRET_ACCESS_KEY=key aws"
                        + " dynamodb get-item \\%n    --endpoint-url %s --table-name %s --key"
                        + " '{\"word\": {\"S\": \"hello\"}}'%n",
                endpoint.replace("127.0.0.1", "localhost"), c.table());
        out.printf(
                "  AWS_DEFAULT_REGION=region AWS_ACCESS_KEY_ID=id AWS_SECRET_ACCESS_KEY=key aws"
                        + " dynamodb scan \\%n    --endpoint-url %s --table-name %s%n",
                endpoint.replace("127.0.0.1", "localhost"), c.table());
        if (c.windowing().enabled()) {
            out.printf(
                    "Counts per %s window (event time: the record timestamps) in table '%s':%n",
                    Durations.format(c.windowing().size()), c.windowTable());
            out.println("  ./streamcount history hello --last 1h");
            out.println("  ./streamcount top --window latest");
            out.printf(
                    "  AWS_DEFAULT_REGION=region AWS_ACCESS_KEY_ID=id AWS_SECRET_ACCESS_KEY=key aws"
                            + " dynamodb query \\%n    --endpoint-url %s --table-name %s \\%n"
                            + "    --key-condition-expression 'word = :w AND window_start >= :from'"
                            + " \\%n    --expression-attribute-values '{\":w\": {\"S\":"
                            + " \"hello\"}, \":from\": {\"N\": \"%d\"}}'%n",
                    endpoint.replace("127.0.0.1", "localhost"), c.windowTable(), 0L);
        }
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
