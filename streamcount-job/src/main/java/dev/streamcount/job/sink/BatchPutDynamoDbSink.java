package dev.streamcount.job.sink;

import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.line.LineAsyncSink;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * At-least-once delivery built on Flink's {@code AsyncSinkBase} (what the official DynamoDB sink is
 * built on), for Flink lines where the official sink does not run: each emitted total is PUT with
 * {@code BatchWriteItem}, overwriting the item by {@code word}.
 *
 * <p>The same guarantees as the official sink as streamcount configures it ({@code
 * OfficialDynamoDbSink} on Flink 1.20): one request in flight per subtask, so a word's totals (all
 * from one subtask) land in the order they were emitted; within a batch only the newest total of a
 * word, which also avoids DynamoDB's "Provided list of item keys contains duplicates"; buffered
 * totals flushed before every checkpoint completes, and kept in the checkpoint if a request is
 * still being retried.
 */
public final class BatchPutDynamoDbSink implements CountSink {
    private static final long serialVersionUID = 1L;

    private final String table;
    private final AwsSettings aws;
    private final int maxInFlightRequests;

    /** Only tests pass more than one request in flight, to show what it breaks. */
    public BatchPutDynamoDbSink(String table, AwsSettings aws, int maxInFlightRequests) {
        this.table = table;
        this.aws = aws;
        this.maxInFlightRequests = maxInFlightRequests;
    }

    @Override
    public void addTo(DataStream<WordCount> totals) {
        totals.sinkTo(new Sink(table, aws, maxInFlightRequests))
                .name("dynamodb-batch-put-sink")
                .uid("dynamodb-sink");
    }

    /** One total to put: the request entry the writer buffers and checkpoints. */
    record Put(String word, long count) implements Serializable {}

    static final class ToPut implements ElementConverter<WordCount, Put> {
        private static final long serialVersionUID = 1L;

        @Override
        public Put apply(WordCount total, SinkWriter.Context context) {
            return new Put(total.word, total.count);
        }
    }

    static final class Sink extends LineAsyncSink<WordCount, Put> {
        private static final long serialVersionUID = 1L;

        private final String table;
        private final AwsSettings aws;

        Sink(String table, AwsSettings aws, int maxInFlightRequests) {
            super(
                    new ToPut(),
                    WordCountItem.MAX_BATCH_ITEMS,
                    maxInFlightRequests,
                    10_000,
                    // DynamoDB's limits: 16 MB a request, 400 KB an item.
                    16L * 1024 * 1024,
                    200,
                    400L * 1024);
            this.table = table;
            this.aws = aws;
        }

        @Override
        public StatefulSinkWriter<WordCount, BufferedRequestState<Put>> createWriter(
                WriterInitContext context) {
            return restoreWriter(context, List.of());
        }

        @Override
        public StatefulSinkWriter<WordCount, BufferedRequestState<Put>> restoreWriter(
                WriterInitContext context, Collection<BufferedRequestState<Put>> recovered) {
            return new BatchPutWriter(
                    getElementConverter(), context, writerConfiguration(), recovered, table, aws);
        }

        private AsyncSinkWriterConfiguration writerConfiguration() {
            return AsyncSinkWriterConfiguration.builder()
                    .setMaxBatchSize(getMaxBatchSize())
                    .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                    .setMaxInFlightRequests(getMaxInFlightRequests())
                    .setMaxBufferedRequests(getMaxBufferedRequests())
                    .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                    .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                    .build();
        }

        @Override
        public SimpleVersionedSerializer<BufferedRequestState<Put>> getWriterStateSerializer() {
            return new PutSerializer();
        }
    }

    static final class PutSerializer extends AsyncSinkWriterStateSerializer<Put> {
        @Override
        protected void serializeRequestToStream(Put put, DataOutputStream out) throws IOException {
            out.writeUTF(put.word());
            out.writeLong(put.count());
        }

        @Override
        protected Put deserializeRequestFromStream(long size, DataInputStream in)
                throws IOException {
            return new Put(in.readUTF(), in.readLong());
        }

        @Override
        public int getVersion() {
            return 1;
        }
    }
}
