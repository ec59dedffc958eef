package dev.streamcount.job.sink;

import dev.streamcount.job.count.WordCount;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequest;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequestType;

/** Turns a total into a PUT of {@code {word: S, count: N}}. */
public class WordCountElementConverter
        implements ElementConverter<WordCount, DynamoDbWriteRequest> {
    private static final long serialVersionUID = 1L;

    @Override
    public DynamoDbWriteRequest apply(WordCount total, SinkWriter.Context context) {
        return DynamoDbWriteRequest.builder()
                .setType(DynamoDbWriteRequestType.PUT)
                .setItem(WordCountItem.of(total.word, total.count))
                .build();
    }
}
