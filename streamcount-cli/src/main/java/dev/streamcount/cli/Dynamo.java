package dev.streamcount.cli;

import dev.streamcount.job.JobConfig;
import dev.streamcount.job.StreamCountException;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** DynamoDB access for the commands that read the table, with readable errors. */
final class Dynamo {
    private Dynamo() {}

    static DynamoDbClient client(JobConfig config) {
        return DynamoDbClients.sync(
                AwsSettings.resolve(config.dynamoDbEndpoint(), config.region()));
    }

    /** Maps an SDK failure to a one-line message naming the endpoint or table. */
    static RuntimeException explain(RuntimeException e, JobConfig config) {
        String where =
                config.dynamoDbEndpoint() == null
                        ? "AWS DynamoDB"
                        : config.dynamoDbEndpoint().toString();
        if (e instanceof ResourceNotFoundException) {
            return new StreamCountException(
                    "Table " + config.table() + " does not exist at " + where, e);
        }
        if (e instanceof SdkClientException) {
            return new StreamCountException(
                    "DynamoDB unreachable at " + where + ": " + e.getMessage(), e);
        }
        return e;
    }
}
