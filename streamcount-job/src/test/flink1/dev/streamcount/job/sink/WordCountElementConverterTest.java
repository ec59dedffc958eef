package dev.streamcount.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.count.WordCount;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequest;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequestType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class WordCountElementConverterTest {

    @Test
    void putsWordAsStringKeyAndCountAsNumber() {
        DynamoDbWriteRequest request =
                new WordCountElementConverter()
                        .apply(new WordCount("straße", 1234567890123L), null);
        assertThat(request.getType()).isEqualTo(DynamoDbWriteRequestType.PUT);
        assertThat(request.getItem())
                .containsOnlyKeys("word", "count")
                .containsEntry("word", AttributeValue.fromS("straße"))
                .containsEntry("count", AttributeValue.fromN("1234567890123"));
    }
}
