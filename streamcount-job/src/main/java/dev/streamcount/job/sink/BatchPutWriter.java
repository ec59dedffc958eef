package dev.streamcount.job.sink;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.sink.BatchPutDynamoDbSink.Put;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes batches of totals with {@code BatchWriteItem}. The async sink base batches, buffers,
 * bounds the requests in flight and retries what this writer hands back; this class only builds the
 * request and sorts its outcome into done, retry and fatal.
 */
final class BatchPutWriter extends AsyncSinkWriter<WordCount, Put> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchPutWriter.class);

    private final String table;
    private final DynamoDbAsyncClient client;

    @SuppressWarnings("deprecation") // the constructor both Flink lines have
    BatchPutWriter(
            ElementConverter<WordCount, Put> converter,
            WriterInitContext context,
            AsyncSinkWriterConfiguration configuration,
            Collection<BufferedRequestState<Put>> recovered,
            String table,
            AwsSettings aws) {
        super(converter, context, configuration, recovered);
        this.table = table;
        this.client = DynamoDbClients.async(aws);
    }

    @Override
    protected void submitRequestEntries(List<Put> entries, ResultHandler<Put> result) {
        // A word's totals only grow, so the highest in the batch is the newest.
        Map<String, Put> newest = new LinkedHashMap<>();
        for (Put put : entries) {
            newest.merge(put.word(), put, (a, b) -> b.count() >= a.count() ? b : a);
        }
        List<WriteRequest> puts = new ArrayList<>(newest.size());
        for (Put put : newest.values()) {
            puts.add(WordCountItem.put(put.word(), put.count()));
        }
        client.batchWriteItem(b -> b.requestItems(Map.of(table, puts)))
                .whenComplete(
                        (response, error) -> {
                            if (error == null) {
                                List<WriteRequest> unprocessed =
                                        response.unprocessedItems().getOrDefault(table, List.of());
                                if (unprocessed.isEmpty()) {
                                    result.complete();
                                } else {
                                    List<Put> again = new ArrayList<>(unprocessed.size());
                                    for (WriteRequest w : unprocessed) {
                                        again.add(
                                                newest.get(
                                                        WordCountItem.word(w.putRequest().item())));
                                    }
                                    result.retryForEntries(again);
                                }
                                return;
                            }
                            Throwable cause =
                                    error instanceof CompletionException && error.getCause() != null
                                            ? error.getCause()
                                            : error;
                            if (isPermanent(cause)) {
                                result.completeExceptionally(
                                        new IllegalStateException(
                                                "DynamoDB refused a write to "
                                                        + table
                                                        + ": "
                                                        + cause.getMessage(),
                                                cause));
                            } else {
                                LOG.warn(
                                        "A write of {} totals to {} failed; retrying: {}",
                                        puts.size(),
                                        table,
                                        cause.toString());
                                result.retryForEntries(new ArrayList<>(newest.values()));
                            }
                        });
    }

    /**
     * A client error that is not throttling (a missing table, access denied, a bad request) will
     * fail the same way every time; everything else (throttling, 5xx, an unreachable endpoint) may
     * pass on a retry.
     */
    static boolean isPermanent(Throwable error) {
        if (!(error instanceof AwsServiceException e)) {
            return false;
        }
        return e.statusCode() >= 400
                && e.statusCode() < 500
                && !FencedWrites.isThrottling(e)
                && e.statusCode() != 408;
    }

    @Override
    protected long getSizeInBytes(Put put) {
        return put.word().getBytes(StandardCharsets.UTF_8).length + 20L;
    }

    @Override
    public void close() {
        super.close();
        client.close();
    }
}
