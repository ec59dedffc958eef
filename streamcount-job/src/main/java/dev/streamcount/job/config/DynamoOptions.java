package dev.streamcount.job.config;

import dev.streamcount.job.aws.AwsEndpoints;
import java.net.URI;
import picocli.CommandLine.Option;

/** Where the totals go: DynamoDB flags, shared by the job and the commands that read the table. */
public class DynamoOptions {

    @Option(
            names = "--table",
            defaultValue = JobConfig.DEFAULT_TABLE,
            description = "DynamoDB table (default: ${DEFAULT-VALUE}).")
    String table;

    @Option(
            names = "--dynamodb-endpoint",
            paramLabel = "URL",
            description =
                    "DynamoDB endpoint, e.g. http://localhost:8000 (default: none, real AWS).")
    URI dynamoDbEndpoint;

    @Option(
            names = "--region",
            description = "AWS region (default: the AWS default region chain, else us-east-1).")
    String region;

    public JobConfig applyTo(JobConfig base) {
        return base.withTable(table)
                .withDynamoDbEndpoint(AwsEndpoints.dynamoDb(dynamoDbEndpoint, System.getenv()))
                .withRegion(region);
    }
}
