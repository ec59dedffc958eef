package dev.streamcount.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.sink.BatchPutDynamoDbSink.Put;
import java.util.List;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

class BatchPutDynamoDbSinkTest {

    private static AwsServiceException error(int status, String code) {
        return AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .build();
    }

    @Test
    void onlyClientErrorsOtherThanThrottlingFailTheJob() {
        assertThat(
                        BatchPutWriter.isPermanent(
                                ResourceNotFoundException.builder().statusCode(400).build()))
                .isTrue();
        assertThat(BatchPutWriter.isPermanent(error(400, "AccessDeniedException"))).isTrue();
        assertThat(BatchPutWriter.isPermanent(error(400, "ValidationException"))).isTrue();
        assertThat(BatchPutWriter.isPermanent(error(400, "ProvisionedThroughputExceededException")))
                .isFalse();
        assertThat(BatchPutWriter.isPermanent(error(400, "ThrottlingException"))).isFalse();
        assertThat(BatchPutWriter.isPermanent(error(500, "InternalServerError"))).isFalse();
        assertThat(BatchPutWriter.isPermanent(error(503, "ServiceUnavailable"))).isFalse();
        assertThat(BatchPutWriter.isPermanent(SdkClientException.create("connection refused")))
                .isFalse();
    }

    @Test
    void bufferedTotalsSurviveTheCheckpointSerializer() throws Exception {
        var serializer = new BatchPutDynamoDbSink.PutSerializer();
        BufferedRequestState<Put> state =
                new BufferedRequestState<>(
                        List.of(
                                new RequestEntryWrapper<>(new Put("flink", 42), 25),
                                new RequestEntryWrapper<>(new Put("łódź", 7), 24)));
        BufferedRequestState<Put> back =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
        assertThat(back.getBufferedRequestEntries())
                .extracting(RequestEntryWrapper::getRequestEntry)
                .containsExactly(new Put("flink", 42), new Put("łódź", 7));
    }
}
