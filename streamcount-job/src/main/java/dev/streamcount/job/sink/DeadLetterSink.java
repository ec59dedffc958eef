package dev.streamcount.job.sink;

import dev.streamcount.job.count.DeadLetter;
import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Where records and words that were not counted go, with their origin and reason. */
@FunctionalInterface
public interface DeadLetterSink extends Serializable {
    void addTo(DataStream<DeadLetter> deadLetters);

    /** Drops dead letters; they are still counted in metrics. */
    static DeadLetterSink discard() {
        return deadLetters -> {};
    }
}
