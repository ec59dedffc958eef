package dev.streamcount.job.sink;

import dev.streamcount.job.WordCount;
import dev.streamcount.job.WordCountTable;
import java.util.Map;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequest;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequestType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Turns a total into a PUT of {@code {word: S, count: N}}. */
public class WordCountElementConverter
        implements ElementConverter<WordCount, DynamoDbWriteRequest> {
    private static final long serialVersionUID = 1L;

    @Override
    public DynamoDbWriteRequest apply(WordCount total, SinkWriter.Context context) {
        return DynamoDbWriteRequest.builder()
                .setType(DynamoDbWriteRequestType.PUT)
                .setItem(
                        Map.of(
                                WordCountTable.KEY, AttributeValue.fromS(total.word),
                                WordCountTable.COUNT,
                                        AttributeValue.fromN(Long.toString(total.count))))
                .build();
    }
}
