package dev.streamcount.job.line;

import org.apache.flink.api.connector.sink2.Sink;

/**
 * A {@link Sink} as one written for both Flink lines sees it: on Flink 2.x, {@code Sink} itself
 * (1.20's needs {@code createWriter(InitContext)} filled in).
 */
public abstract class LineSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
}
