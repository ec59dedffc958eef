package dev.streamcount.job.line;

import java.io.Serializable;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

/**
 * {@link AsyncSinkBase} as a subclass written for both Flink lines sees it: on Flink 2.x it is
 * {@code AsyncSinkBase} itself (1.20's needs {@code createWriter(InitContext)} filled in).
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
}
