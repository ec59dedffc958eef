package dev.streamcount.job.line;

import java.io.Serializable;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

/**
 * {@link AsyncSinkBase} as a subclass written for both Flink lines sees it. Flink 1.20 still
 * declares {@code createWriter(InitContext)} abstract (2.x removed {@code InitContext}); 1.20's
 * runtime calls {@code createWriter(WriterInitContext)}, which subclasses implement, so this one is
 * never reached.
 */
public abstract class LineAsyncSink<I, R extends Serializable> extends AsyncSinkBase<I, R> {
    private static final long serialVersionUID = 1L;

    protected LineAsyncSink(
            ElementConverter<I, R> elementConverter,
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            long maxBatchSizeInBytes,
            long maxTimeInBufferMS,
            long maxRecordSizeInBytes) {
        super(
                elementConverter,
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBufferMS,
                maxRecordSizeInBytes);
    }

    @Override
    @Deprecated
    public final SinkWriter<I> createWriter(InitContext context) {
        throw new UnsupportedOperationException(
                "Flink 1.20 creates async sink writers with a WriterInitContext");
    }
}
