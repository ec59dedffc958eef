package dev.streamcount.job.line;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * A {@link Sink} as one written for both Flink lines sees it: it implements {@code
 * createWriter(WriterInitContext)}. Flink 1.20 still declares {@code createWriter(InitContext)}
 * abstract (2.x removed {@code InitContext}) but calls the other one, so this one is never reached.
 */
public abstract class LineSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    @Override
    @Deprecated
    public final SinkWriter<T> createWriter(InitContext context) {
        throw new UnsupportedOperationException(
                "Flink 1.20 creates sink writers with a WriterInitContext");
    }
}
