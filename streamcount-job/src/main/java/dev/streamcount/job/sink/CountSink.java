package dev.streamcount.job.sink;

import dev.streamcount.job.count.WordCount;
import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Where the running totals go: attaches a sink to the stream of absolute totals. */
@FunctionalInterface
public interface CountSink extends Serializable {
    void addTo(DataStream<WordCount> totals);
}
