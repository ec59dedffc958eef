package dev.streamcount.job.sink;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import java.io.Serializable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Creates the committer's DynamoDB client on the task manager. The seam where tests hand in a
 * client that injects faults.
 */
@FunctionalInterface
public interface DynamoDbClientProvider extends Serializable {
    DynamoDbClient create();

    /** The real client for {@code aws}, without SDK retries: the committer retries and counts. */
    static DynamoDbClientProvider of(AwsSettings aws) {
        return () -> DynamoDbClients.sync(aws, false);
    }
}
